/** The compare feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { BodyOf, Schemas } from '../../lib/apiTypes';

export type Comparison = Schemas['Comparison'];
export type ComparisonTarget = Schemas['ComparisonTarget'];
export type ComparisonCreate = BodyOf<'comparisons_create'>;
export type TargetRequest = ComparisonCreate['targets'][number];

/** A `status` event of the comparison's stream: one target's generation changed status. */
export type TargetStatusEvent = Pick<ComparisonTarget, 'index' | 'generation' | 'status'>;
