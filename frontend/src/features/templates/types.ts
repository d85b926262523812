export const VARIABLE_TYPES = ['string', 'text', 'integer', 'number', 'boolean', 'choice'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export type VariableValue = string | number | boolean | null;

export interface TemplateVariable {
  name: string;
  type: VariableType;
  required: boolean;
  default?: VariableValue;
  choices?: string[] | null;
  max_length?: number | null;
  description?: string;
}

export interface TemplateDefaults {
  provider?: string;
  model?: string;
  params?: Record<string, unknown>;
}

export interface TemplateVersion {
  id?: number;
  number: number;
  body: string;
  system_prompt: string;
  variables: TemplateVariable[];
  defaults: TemplateDefaults;
  changelog: string;
  created_by?: string | number | { id: number; email: string } | null;
  created_at: string;
}

export interface Template {
  id: number;
  workspace: number;
  name: string;
  slug: string;
  description: string;
  category: string;
  tags: string[];
  is_archived: boolean;
  current_version: TemplateVersion;
  created_by?: unknown;
  created_at: string;
  updated_at: string;
  /** Present on write answers: non-blocking remarks such as unused variables. */
  warnings?: string[];
  version_created?: boolean;
}

export interface TemplateWrite {
  workspace?: number;
  name: string;
  slug?: string;
  description: string;
  category: string;
  tags: string[];
  body: string;
  system_prompt: string;
  variables: TemplateVariable[];
  defaults: TemplateDefaults;
  changelog: string;
}

export interface TemplateFilters {
  workspace: number;
  search?: string;
  category?: string;
  tag?: string;
  archived?: boolean;
  ordering?: string;
  page?: number;
}

export interface PreviewResult {
  version?: number;
  system_prompt: string;
  prompt: string;
  provider?: string;
  model?: string;
  input_tokens: number;
  token_method?: string;
  output_tokens?: number;
  cost: string | null;
  currency?: string;
}

export interface ImportReport {
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  failed?: number;
  dry_run?: boolean;
  errors?: { row?: number | string; slug?: string; field?: string; message?: string; errors?: unknown }[];
  [key: string]: unknown;
}
