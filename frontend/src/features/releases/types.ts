/** The releases feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { AnswerOf, BodyOf, Schemas } from '../../lib/apiTypes';

export type Label = Schemas['Label'];
export type LabelMove = Schemas['LabelMove'];
export type Arm = Schemas['Arm'];
/** `force` and `reason` have defaults (false, blank). */
export type LabelSet = Omit<BodyOf<'templates_labels_create'>, 'force' | 'reason'> & { force?: boolean; reason?: string };
export type ReleaseGate = Schemas['ReleaseGate'];

export type Evaluation = Schemas['Evaluation'];

export type VersionsAnalytics = AnswerOf<'analytics_versions_retrieve'>;
export type VersionFigures = Schemas['VersionFigures'];
export type LabelFigures = Schemas['LabelFigures'];
export type EvaluationCreate = BodyOf<'evaluations_create'>;

/** `error.details` of a 409 `gate_not_passed` (templates_app/services/labels.py). */
export interface GateRefusal {
  label: string;
  version: number;
  dataset: number;
  min_pass_rate: number;
  best_pass_rate: number | null;
}

/**
 * Which version a generation, batch or comparison runs: a label, or a version by number;
 * null leaves it to the API (`production` when the template has it, else the latest version).
 */
export type Release = { label: string } | { version: number } | null;
