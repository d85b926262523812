/** The batches feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, Schemas } from '../../lib/apiTypes';

export type RowError = Schemas['RowError'];

export type Batch = Schemas['Batch'];

export type BatchDryRun = Schemas['BatchDryRun'];

/** The upload form: the file goes as multipart with the other fields. */
export type BatchCreate = Omit<BodyOf<'batches_create'>, 'file' | 'rows' | 'cache' | 'dry_run'> & { file: File; cache?: boolean };

export const FINISHED: readonly string[] = ['succeeded', 'completed', 'failed', 'cancelled'];

export const ROW_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'invalid'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

/**
 * One input row of a batch (`GET /api/batches/{id}/rows/`), as agreed in the API contract; to be
 * replaced by the generated type once the endpoint is in the schema.
 */
export interface BatchRow {
  row: number;
  status: RowStatus;
  input: Record<string, unknown>;
  output: string;
  error: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: string | null;
  generation: number | null;
}
