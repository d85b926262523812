import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';

import { CopyButton, EmptyState, ErrorState, FormError, LoadingState, PageHeader, StatusChip } from '../../../components';
import { saveText } from '../../../lib/download';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { useDebounced } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderModelPicker, type ProviderChoice } from '../../providers';
import {
  initialValues,
  toPayload,
  useGetTemplateQuery,
  useListTemplatesQuery,
  validateValues,
  VariableInputs,
  variableErrorsFromApi,
  variableFieldNames,
  type Template,
  type VariableFormValues,
} from '../../templates';
import { useCreateGenerationMutation } from '../api';
import { useGenerationStream } from '../useGenerationStream';
import { FeedbackForm } from './FeedbackForm';
import { GenerationStats } from './GenerationStats';

type RunMode = 'stream' | 'async';

export function GeneratePage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const templateId = Number(params.get('template')) || null;
  const [query, setQuery] = useState('');
  const search = useDebounced(query, 300);
  const templates = useListTemplatesQuery({ workspace: workspaceId ?? 0, search, ordering: 'name' }, { skip: !workspaceId });
  const template = useGetTemplateQuery(templateId ?? 0, { skip: !templateId });
  const options = templates.data?.results ?? [];
  const selected = template.data ?? null;

  return (
    <Box>
      <PageHeader title="Generate" subtitle="Fill in a template's variables and run it on a provider." />
      {!can('editor') ? <Alert severity="info" sx={{ mb: 2 }}>Viewers can read results but not run generations.</Alert> : null}
      <Autocomplete
        sx={{ mb: 2, maxWidth: 640 }}
        options={selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options}
        value={selected}
        getOptionLabel={(t: Template) => `${t.name} (v${t.current_version?.number ?? '?'})`}
        isOptionEqualToValue={(a, b) => a.id === b.id}
        onChange={(_e, t) => setParams(t ? { template: String(t.id) } : {})}
        onInputChange={(_e, value, reason) => reason === 'input' && setQuery(value)}
        loading={templates.isFetching}
        filterOptions={(x) => x}
        renderInput={(p) => <TextField {...p} label="Template" placeholder="Search templates" />}
      />
      {templates.error ? <ErrorState error={templates.error} title="Could not load templates" onRetry={templates.refetch} /> : null}
      {!templateId ? (
        templates.data && !templates.data.results.length && !search ? (
          <EmptyState
            title="No templates yet"
            action={
              <Button component={RouterLink} to="/templates/new" variant="contained">
                Create a template
              </Button>
            }
          />
        ) : (
          <EmptyState title="Pick a template">Its variables become the form.</EmptyState>
        )
      ) : template.isLoading ? (
        <LoadingState label="Loading template…" />
      ) : template.error || !selected ? (
        <ErrorState error={template.error} title="Could not load this template" onRetry={template.refetch} />
      ) : workspaceId ? (
        <GenerateForm key={`${selected.id}-${selected.current_version.number}`} template={selected} workspace={workspaceId} canRun={can('editor')} />
      ) : null}
    </Box>
  );
}

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
  const [requestError, setRequestError] = useState<ApiError | null>(null);
  const stream = useGenerationStream();
  const [createGeneration, { isLoading: queuing }] = useCreateGenerationMutation();

  const apiError = requestError ?? stream.error;
  const apiVariableErrors = useMemo(() => variableErrorsFromApi(apiError, schema), [apiError, schema]);
  const errors = { ...apiVariableErrors, ...clientErrors };
  const shownFields = [...variableFieldNames(schema), 'provider', 'model', 'params'];

  useEffect(() => setClientErrors({}), [values]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canRun) return;
    setRequestError(null);
    const found = validateValues(schema, values);
    setClientErrors(found);
    if (Object.keys(found).length) return;
    let params: Record<string, unknown> | undefined;
    if (paramsText.trim()) {
      try {
        params = JSON.parse(paramsText) as Record<string, unknown>;
        setParamsError(null);
      } catch {
        setParamsError('Parameters must be a JSON object.');
        return;
      }
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
    if (mode === 'stream') {
      await stream.start(body);
      return;
    }
    try {
      const generation = await createGeneration({ ...body, mode: 'async' }).unwrap();
      navigate(`/history/${generation.id}`);
    } catch (err) {
      setRequestError(toApiError(err));
    }
  };

  const output = stream.text;
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 2fr) minmax(0, 3fr)' } }}>
      <Card>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label="Generation form">
            <Typography variant="h2">Variables</Typography>
            {template.description ? <Typography color="text.secondary">{template.description}</Typography> : null}
            <VariableInputs schema={schema} values={values} onChange={setValues} errors={errors} disabled={stream.active} />
            <Typography variant="h2">Provider</Typography>
            <ProviderModelPicker
              workspace={workspace}
              value={choice}
              onChange={setChoice}
              errors={{ provider: fieldMessage(apiError, 'provider'), model: fieldMessage(apiError, 'model') }}
              defaultLabel={template.current_version.defaults?.provider ? `Template default (${template.current_version.defaults.provider}${template.current_version.defaults.model ? ` / ${template.current_version.defaults.model}` : ''})` : 'Template default'}
            />
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
                    <MenuItem value="stream">Now, streaming the output</MenuItem>
                    <MenuItem value="async">In the background (see History)</MenuItem>
                  </TextField>
                  <FormControlLabel control={<Checkbox checked={cache} onChange={(e) => setCache(e.target.checked)} />} label="Reuse a cached answer for identical input" />
                </Stack>
              </AccordionDetails>
            </Accordion>
            <FormError error={apiError && (requestError || Object.keys(apiError.fields).length) ? apiError : null} shownFields={shownFields} />
            <Stack direction="row" spacing={1}>
              <Button type="submit" variant="contained" startIcon={<PlayArrowIcon />} disabled={!canRun || stream.active || queuing}>
                {stream.active ? 'Generating…' : 'Generate'}
              </Button>
              {stream.active ? (
                <Button startIcon={<StopIcon />} onClick={stream.stop}>
                  Stop
                </Button>
              ) : null}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Stack spacing={2}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="h2">Output</Typography>
                {stream.status !== 'idle' ? (
                  <StatusChip status={stream.status === 'done' ? (stream.generation?.status ?? 'succeeded') : stream.status === 'error' ? 'failed' : stream.status === 'stopped' ? 'cancelled' : 'running'} label={stream.status === 'connecting' ? 'starting' : undefined} />
                ) : null}
              </Stack>
              <Stack direction="row" spacing={1}>
                <CopyButton text={output} />
                <Button size="small" startIcon={<DownloadIcon />} disabled={!output} onClick={() => saveText(output, `generation-${stream.id ?? 'output'}.txt`)}>
                  Download
                </Button>
                {stream.id ? (
                  <Button size="small" component={RouterLink} to={`/history/${stream.id}`}>
                    Details
                  </Button>
                ) : null}
              </Stack>
            </Stack>
            {stream.active ? <LinearProgress aria-label="Generating" /> : null}
            {stream.status === 'error' && stream.error && !Object.keys(stream.error.fields).length ? (
              <Alert severity="error" role="alert">
                {stream.error.message}
              </Alert>
            ) : null}
            {stream.status === 'stopped' ? <Alert severity="info">Stopped. The text so far is kept.</Alert> : null}
            {stream.status === 'idle' ? (
              <Typography color="text.secondary">The output appears here as the provider writes it.</Typography>
            ) : (
              <Box
                component="pre"
                data-testid="generation-output"
                aria-live="polite"
                aria-busy={stream.active}
                sx={{ m: 0, p: 1.5, minHeight: 200, maxHeight: '60vh', overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word', bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'inherit', fontSize: 15 }}
              >
                {output}
              </Box>
            )}
            {stream.generation ? (
              <>
                <GenerationStats generation={stream.generation} />
                <FeedbackForm id={stream.generation.id} rating={stream.generation.rating} feedback={stream.generation.feedback} />
              </>
            ) : null}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
