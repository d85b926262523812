export const GENERATION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

export interface Attempt {
  provider: string;
  model: string;
  error: string | null;
  latency_ms: number | null;
}

export interface Generation {
  id: number;
  workspace: number;
  template: number | null;
  template_name: string | null;
  template_version: number | null;
  user: number | string | null;
  variables: Record<string, unknown>;
  rendered_prompt: string;
  system_prompt: string;
  provider: string;
  model: string;
  params: Record<string, unknown>;
  mode: 'sync' | 'async' | 'stream' | string;
  status: GenerationStatus;
  output: string;
  error: string | null | Record<string, unknown>;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: string | null;
  latency_ms: number | null;
  cache_hit: boolean;
  attempts: Attempt[];
  provider_chain: string[];
  rating: number | null;
  feedback: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface GenerationRequest {
  template: number;
  version?: number;
  variables: Record<string, unknown>;
  provider?: string;
  model?: string;
  params?: Record<string, unknown>;
  mode: 'sync' | 'async';
  cache: boolean;
}

export interface GenerationFilters {
  workspace: number;
  status?: string;
  provider?: string;
  model?: string;
  template?: number | string;
  user?: number | string;
  cache_hit?: '' | 'true' | 'false';
  created_after?: string;
  created_before?: string;
  page?: number;
}
