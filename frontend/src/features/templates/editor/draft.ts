import { defineMessage } from 'react-intl';

import type { ProviderChoice } from '../../providers';
import type { Template, TemplateVariable, TemplateWrite } from '../types';

/** The editor's form state: the write payload with the defaults as form fields. */
export interface Draft {
  name: string;
  slug: string;
  description: string;
  category: string;
  tags: string[];
  body: string;
  system_prompt: string;
  variables: TemplateVariable[];
  provider: ProviderChoice['provider'];
  model: string;
  /** JSON text, parsed on save. */
  params: string;
  changelog: string;
}

export function draftFrom(template?: Template): Draft {
  const v = template?.current_version;
  const params = v?.defaults?.params;
  return {
    name: template?.name ?? '',
    slug: template?.slug ?? '',
    description: template?.description ?? '',
    category: template?.category ?? '',
    tags: template?.tags ?? [],
    body: v?.body ?? '',
    system_prompt: v?.system_prompt ?? '',
    variables: (v?.variables ?? []).map((x) => ({ ...x })),
    provider: (v?.defaults?.provider ?? '') as ProviderChoice['provider'],
    model: v?.defaults?.model ?? '',
    params: params && Object.keys(params).length ? JSON.stringify(params, null, 2) : '',
    changelog: '',
  };
}

/** Two drafts are the same content when this is equal (the changelog alone is no change). */
export function comparable(draft: Draft): string {
  return JSON.stringify({ ...draft, changelog: '' });
}

/** Parameters as a person would write them: the field's placeholder and the example in its error. */
export const PARAMS_EXAMPLE = '{"temperature": 0.7, "max_tokens": 512}';

export const PARAMS_HINT = defineMessage<{ example: string }>({
  id: 'templates.editor.paramsHint',
  defaultMessage: 'Parameters must be a JSON object, e.g. {example}.',
});

/** The parameters as an object, or null when the text is not a JSON object. */
export function parseParams(text: string): Record<string, unknown> | null {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function toWrite(draft: Draft, params: Record<string, unknown>): TemplateWrite {
  return {
    name: draft.name,
    ...(draft.slug ? { slug: draft.slug } : {}),
    description: draft.description,
    category: draft.category,
    tags: draft.tags,
    body: draft.body,
    system_prompt: draft.system_prompt,
    variables: draft.variables,
    defaults: { ...(draft.provider ? { provider: draft.provider } : {}), ...(draft.model ? { model: draft.model } : {}), params },
    changelog: draft.changelog,
  };
}
