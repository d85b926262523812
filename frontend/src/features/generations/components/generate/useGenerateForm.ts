import { useMemo, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import type { ProviderChoice } from '../../../providers';
import { initialValues, toPayload, validateValues, variableErrorsFromApi, type Template, type VariableFormValues } from '../../../templates';
import { useGenerateRun, type RunMode } from '../../useGenerateRun';

/** The Advanced options: parameters as JSON text, how to run, and whether to reuse a cached answer. */
function useRunOptions() {
  const intl = useIntl();
  const [paramsText, setParamsText] = useState('');
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [cache, setCache] = useState(true);
  const [mode, setMode] = useState<RunMode>('stream');

  /** The parameters as an object (undefined when empty), or null after showing why they are not. */
  const parsedParams = (): Record<string, unknown> | undefined | null => {
    try {
      const params = paramsText.trim() ? (JSON.parse(paramsText) as Record<string, unknown>) : undefined;
      setParamsError(null);
      return params;
    } catch {
      setParamsError(intl.formatMessage({ id: 'generations.options.paramsInvalid', defaultMessage: 'Parameters must be a JSON object.' }));
      return null;
    }
  };

  return { paramsText, setParamsText, paramsError, cache, setCache, mode, setMode, parsedParams };
}

export type RunOptionsState = ReturnType<typeof useRunOptions>;

/**
 * The Generate form's state: the variables (checked here first, then by the API), the provider,
 * the run options, and the run itself. A background run opens the new generation's page.
 */
export function useGenerateForm(template: Template, canRun: boolean) {
  const intl = useIntl();
  const navigate = useNavigate();
  const schema = template.current_version.variables;
  const [values, setValues] = useState<VariableFormValues>(() => initialValues(schema));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [choice, setChoice] = useState<ProviderChoice>({ provider: '', model: '' });
  const options = useRunOptions();
  const run = useGenerateRun();
  const apiVariableErrors = useMemo(() => variableErrorsFromApi(run.error, schema), [run.error, schema]);

  const change = (next: VariableFormValues) => {
    setValues(next);
    setClientErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canRun) return;
    const found = validateValues(schema, values, intl);
    setClientErrors(found);
    if (Object.keys(found).length) return;
    const params = options.parsedParams();
    if (params === null) return;
    const body = {
      template: template.id,
      version: template.current_version.number,
      variables: toPayload(schema, values),
      ...(choice.provider ? { provider: choice.provider } : {}),
      ...(choice.model ? { model: choice.model } : {}),
      ...(params ? { params } : {}),
      cache: options.cache,
    };
    const generation = await run.run(body, options.mode);
    if (options.mode === 'async' && generation) navigate(`/history/${generation.id}`);
  };

  return { schema, values, change, errors: { ...apiVariableErrors, ...clientErrors }, choice, setChoice, options, run, submit };
}
