import { useMemo, useState } from 'react';

import type { TemplateVariable } from './types';
import { initialValues, type VariableFormValues } from './variables';

const keyFor = (templateId: number) => `aiagency.preview-samples.${templateId}`;

function stored(templateId: number): VariableFormValues {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyFor(templateId)) ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as VariableFormValues) : {};
  } catch {
    return {};
  }
}

/**
 * The preview's sample values, kept per template in this browser so that a save or a reload does
 * not lose them. Variables the schema no longer has are left out; new ones start at their default.
 * `edited` turns true at the first change: errors are shown only from then on.
 */
export function usePreviewSamples(templateId: number, schema: TemplateVariable[]) {
  const [samples, setSamples] = useState<VariableFormValues>(() => stored(templateId));
  const [edited, setEdited] = useState(false);
  const values = useMemo(() => ({ ...initialValues(schema), ...pick(samples, schema) }), [samples, schema]);

  const change = (next: VariableFormValues) => {
    setSamples(next);
    setEdited(true);
    try {
      localStorage.setItem(keyFor(templateId), JSON.stringify(next));
    } catch {
      // A full quota: the samples still work until the page closes.
    }
  };
  return { values, change, edited };
}

function pick(values: VariableFormValues, schema: TemplateVariable[]): VariableFormValues {
  return Object.fromEntries(schema.filter((v) => v.name in values).map((v) => [v.name, values[v.name]]));
}
