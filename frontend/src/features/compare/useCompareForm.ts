import { useMemo, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';

import { toApiError, type ApiError } from '../../lib/errors';
import type { ProviderChoice } from '../providers';
import { releaseFields, type Release } from '../releases';
import { initialValues, toPayload, validateValues, type Template, type TemplateVariable, type VariableFormValues } from '../templates';
import { useCreateComparisonMutation } from './api';
import type { TargetRequest } from './types';
import { useComparisonStream } from './useComparisonStream';

export const MIN_TARGETS = 2;
export const MAX_TARGETS = 4;

export interface TargetDraft {
  key: number;
  template: Template | null;
  release: Release;
  choice: ProviderChoice;
}

let nextKey = 0;
const newTarget = (template: Template | null): TargetDraft => ({ key: nextKey++, template, release: null, choice: { provider: '', model: '' } });

/** The variables every chosen template takes, each once (the first template's definition wins). */
function sharedSchema(templates: (Template | null)[]): TemplateVariable[] {
  const seen = new Map<string, TemplateVariable>();
  for (const template of templates) for (const variable of template?.current_version.variables ?? []) if (!seen.has(variable.name)) seen.set(variable.name, variable);
  return [...seen.values()];
}

function targetRequest(target: TargetDraft): TargetRequest {
  return {
    template: target.template!.id,
    ...releaseFields(target.release),
    ...(target.choice.provider ? { provider: target.choice.provider } : {}),
    ...(target.choice.model ? { model: target.choice.model } : {}),
  };
}

/** The Compare screen's state: 2 to 4 targets, the variables they share, and the comparison run. */
export function useCompareForm() {
  const intl = useIntl();
  /** The names of the templates the comparison on screen ran, for its columns' titles. */
  const [templateNames, setTemplateNames] = useState<ReadonlyMap<number, string>>(new Map());
  const [targets, setTargets] = useState<TargetDraft[]>(() => [newTarget(null), newTarget(null)]);
  const [edited, setEdited] = useState<VariableFormValues>({});
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [requestError, setRequestError] = useState<ApiError | null>(null);
  const [create, { isLoading: starting }] = useCreateComparisonMutation();
  const stream = useComparisonStream();

  const schema = useMemo(() => sharedSchema(targets.map((t) => t.template)), [targets]);
  const values = { ...initialValues(schema), ...edited };

  const update = (key: number, change: Partial<TargetDraft>) => setTargets((all) => all.map((t) => (t.key === key ? { ...t, ...change } : t)));
  const add = () => setTargets((all) => (all.length < MAX_TARGETS ? [...all, newTarget(all[0]?.template ?? null)] : all));
  const remove = (key: number) => setTargets((all) => (all.length > MIN_TARGETS ? all.filter((t) => t.key !== key) : all));
  const change = (next: VariableFormValues) => {
    setEdited(next);
    setClientErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateValues(schema, values, intl);
    setClientErrors(found);
    if (Object.keys(found).length || targets.some((t) => !t.template)) return;
    setRequestError(null);
    setTemplateNames(new Map(targets.map(({ template }) => [template!.id, template!.name])));
    try {
      const comparison = await create({ variables: toPayload(schema, values), targets: targets.map(targetRequest) }).unwrap();
      void stream.follow(comparison);
    } catch (err) {
      setRequestError(toApiError(err));
    }
  };

  return { templateNames, targets, update, add, remove, schema, values, change, clientErrors, requestError, starting, stream, submit };
}

export type CompareForm = ReturnType<typeof useCompareForm>;
