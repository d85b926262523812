import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import { Accordion, AccordionDetails, AccordionSummary, Box, Button, Card, CardContent, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { fieldMessage } from '../../../lib/errors';
import { ProviderModelPicker, type ProviderChoice } from '../../providers';
import { initialValues, toPayload, validateValues, VariableInputs, variableErrorsFromApi, variableFieldNames, type Template, type VariableFormValues } from '../../templates';
import { RUN_MODES, useGenerateRun, type RunMode } from '../useGenerateRun';
import { OutputCard } from './OutputCard';
import { ProviderSetupAlert } from './ProviderSetupAlert';

function defaultLabel(template: Template): string {
  const { provider, model } = template.current_version.defaults ?? {};
  return provider ? `Template default (${provider}${model ? ` / ${model}` : ''})` : 'Template default';
}

/** The variables of one template, provider and run options; the output beside it. */
export function GenerateForm({ template, workspace, canRun }: { template: Template; workspace: number; canRun: boolean }) {
  const navigate = useNavigate();
  const schema = template.current_version.variables;
  const [values, setValues] = useState<VariableFormValues>(() => initialValues(schema));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [choice, setChoice] = useState<ProviderChoice>({ provider: '', model: '' });
  const [paramsText, setParamsText] = useState('');
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [cache, setCache] = useState(true);
  const [mode, setMode] = useState<RunMode>('stream');
  const run = useGenerateRun();
  const apiError = run.error;
  const apiVariableErrors = useMemo(() => variableErrorsFromApi(apiError, schema), [apiError, schema]);
  const errors = { ...apiVariableErrors, ...clientErrors };

  const change = (next: VariableFormValues) => {
    setValues(next);
    setClientErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canRun) return;
    const found = validateValues(schema, values);
    setClientErrors(found);
    if (Object.keys(found).length) return;
    let params: Record<string, unknown> | undefined;
    try {
      params = paramsText.trim() ? (JSON.parse(paramsText) as Record<string, unknown>) : undefined;
      setParamsError(null);
    } catch {
      setParamsError('Parameters must be a JSON object.');
      return;
    }
    const body = {
      template: template.id,
      version: template.current_version.number,
      variables: toPayload(schema, values),
      ...(choice.provider ? { provider: choice.provider } : {}),
      ...(choice.model ? { model: choice.model } : {}),
      ...(params ? { params } : {}),
      cache,
    };
    const generation = await run.run(body, mode);
    if (mode === 'async' && generation) navigate(`/history/${generation.id}`);
  };

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(0, 3fr)' } }}>
      <Card sx={{ minWidth: 0 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Generation form">
            <Typography variant="h2">Variables</Typography>
            {template.description ? <Typography color="text.secondary">{template.description}</Typography> : null}
            <VariableInputs schema={schema} values={values} onChange={change} errors={errors} disabled={run.busy} />
            <Typography variant="h2">Provider</Typography>
            <ProviderModelPicker workspace={workspace} value={choice} onChange={setChoice} errors={{ provider: fieldMessage(apiError, 'provider'), model: fieldMessage(apiError, 'model') }} defaultLabel={defaultLabel(template)} />
            <Accordion disableGutters variant="outlined">
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>Advanced</AccordionSummary>
              <AccordionDetails>
                <Stack spacing={2}>
                  <TextField
                    label="Parameters (JSON)"
                    placeholder='{"temperature": 0.2, "max_tokens": 400}'
                    value={paramsText}
                    onChange={(e) => setParamsText(e.target.value)}
                    error={Boolean(paramsError || fieldMessage(apiError, 'params'))}
                    helperText={paramsError ?? fieldMessage(apiError, 'params') ?? 'Overrides the template defaults.'}
                    multiline
                  />
                  <TextField select label="Run" value={mode} onChange={(e) => setMode(e.target.value as RunMode)}>
                    {RUN_MODES.map((m) => (
                      <MenuItem key={m.value} value={m.value}>
                        {m.label}
                      </MenuItem>
                    ))}
                  </TextField>
                  <FormControlLabel control={<Checkbox checked={cache} onChange={(e) => setCache(e.target.checked)} />} label="Reuse a cached answer for identical input" />
                </Stack>
              </AccordionDetails>
            </Accordion>
            <ProviderSetupAlert error={apiError} />
            {apiError?.code !== 'provider_not_configured' ? (
              <FormError error={apiError && (run.requestError || Object.keys(apiError.fields).length) ? apiError : null} shownFields={[...variableFieldNames(schema), 'provider', 'model', 'params']} />
            ) : null}
            <Stack direction="row" spacing={1}>
              <Button type="submit" variant="contained" startIcon={<PlayArrowIcon />} disabled={!canRun || run.busy}>
                {run.busy ? 'Generating…' : 'Generate'}
              </Button>
              {run.stream.active ? (
                <Button startIcon={<StopIcon />} onClick={run.stream.stop}>
                  Stop
                </Button>
              ) : null}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      <OutputCard run={run} />
    </Box>
  );
}
