/** The generations feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, QueryOf, Refine, Schemas } from '../../lib/apiTypes';

export type GenerationStatus = Schemas['GenerationStatusEnum'];
export const GENERATION_STATUSES: readonly GenerationStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** Queued or running: the generation can still change (and be cancelled). */
export const isActive = (status: GenerationStatus) => status === 'queued' || status === 'running';

/** `openai / gpt-4o-mini`: two codes, the same in every language. */
export const providerModel = ({ provider, model }: { provider: string; model: string }) => `${provider} / ${model}`;

/** One provider call of a generation (`attempts` is a JSON field the schema leaves untyped). */
export interface Attempt {
  provider: string;
  model: string;
  error: string | null;
  latency_ms: number | null;
}

export type Generation = Refine<
  Schemas['Generation'],
  { attempts: Attempt[]; provider_chain: string[]; variables: Record<string, unknown>; params: Record<string, unknown> }
>;

export type GenerationRequest = BodyOf<'generations_create'>;

export type FeedbackRequest = BodyOf<'generations_feedback_create'> & { id: number };

/** The History filters as the URL holds them (strings), sent as the list's query. */
type ListQuery = QueryOf<'generations_list'>;
export type GenerationFilters = { [K in Exclude<keyof ListQuery, 'page' | 'page_size'>]?: string } & { workspace: number; page?: number };
