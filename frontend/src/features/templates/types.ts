/** The templates feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { AnswerOf, BodyOf, QueryOf, Refine, Schemas } from '../../lib/apiTypes';

export const VARIABLE_TYPES = ['string', 'text', 'integer', 'number', 'boolean', 'choice'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export type VariableValue = string | number | boolean | null;

/** One entry of a version's `variables` (a JSON field: the schema leaves it untyped). */
export interface TemplateVariable {
  name: string;
  type: VariableType;
  required: boolean;
  default?: VariableValue;
  choices?: string[] | null;
  max_length?: number | null;
  description?: string;
}

/** A version's `defaults` (a JSON field). */
export interface TemplateDefaults {
  provider?: string;
  model?: string;
  params?: Record<string, unknown>;
}

interface VersionJson {
  variables: TemplateVariable[];
  defaults: TemplateDefaults;
}

export type TemplateVersion = Refine<Schemas['TemplateVersion'], VersionJson>;

export type Template = Refine<Schemas['Template'], { tags: string[]; current_version: TemplateVersion }>;

/** A create or edit answer: the template with non-blocking `warnings` (unused variables...). */
export type TemplateWritten = Refine<Schemas['TemplateWritten'], { tags: string[]; current_version: TemplateVersion }>;

export type TemplateWrite = Refine<BodyOf<'templates_create'>, VersionJson>;
export type TemplateUpdate = Refine<BodyOf<'templates_partial_update'>, Partial<VersionJson>> & { id: number };

export type TemplateFilters = Omit<QueryOf<'templates_list'>, 'workspace'> & { workspace: number };

export type RestoreRequest = BodyOf<'templates_restore_create'> & { id: number };

export type PreviewRequest = BodyOf<'templates_preview_create'> & { id: number; variables: Record<string, unknown> };
export type PreviewResult = AnswerOf<'templates_preview_create'>;

/** One refused row of an import (the schema leaves the entries untyped). */
export interface ImportRowError {
  row?: number | string;
  slug?: string;
  field?: string;
  message?: string;
  errors?: unknown;
}

export type ImportReport = Refine<AnswerOf<'templates_import_create'>, { errors: ImportRowError[] }>;
