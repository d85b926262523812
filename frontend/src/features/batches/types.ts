/** The batches feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, QueryOf, Schemas } from '../../lib/apiTypes';

export type RowError = Schemas['RowError'];

export type Batch = Schemas['Batch'];

export type BatchDryRun = Schemas['BatchDryRun'];

/** The upload form: the file goes as multipart with the other fields. */
export type BatchCreate = Omit<BodyOf<'batches_create'>, 'file' | 'rows' | 'cache' | 'dry_run'> & { file: File; cache?: boolean };

export const FINISHED: readonly string[] = ['succeeded', 'completed', 'failed', 'cancelled'];

export type RowStatus = Schemas['BatchRowStatusEnum'];
export const ROW_STATUSES: readonly RowStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'invalid'];

/** One input row of a batch, invalid ones included, in input order. */
export type BatchRow = Schemas['BatchRow'];
/** `progress` is not sent: a new value makes a new query, so that the rows follow the batch's counts. */
export type BatchRowsQuery = QueryOf<'batches_rows_list'> & { id: number; progress?: string };
