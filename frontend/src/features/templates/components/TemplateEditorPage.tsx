import ArchiveOutlinedIcon from '@mui/icons-material/ArchiveOutlined';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import UnarchiveOutlinedIcon from '@mui/icons-material/UnarchiveOutlined';
import {
  Alert,
  AlertTitle,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';

import { ErrorState, FormError, LoadingState, PageHeader } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../accounts';
import { ProviderModelPicker } from '../../providers';
import { useCreateTemplateMutation, useGetTemplateQuery, useLazyGetTemplateQuery, useSetArchivedMutation, useUpdateTemplateMutation } from '../api';
import type { Template, TemplateVariable, TemplateWrite } from '../types';
import { DiffView } from './DiffView';
import { PreviewPanel } from './PreviewPanel';
import { VariablesSchemaEditor } from './VariablesSchemaEditor';
import { VersionHistory } from './VersionHistory';

interface Draft extends Omit<TemplateWrite, 'defaults'> {
  provider: string;
  model: string;
  params: string;
}

const SHOWN_FIELDS = ['name', 'slug', 'description', 'category', 'tags', 'body', 'system_prompt', 'changelog', 'defaults', 'defaults.provider', 'defaults.model', 'defaults.params', 'base_version'];

function draftFrom(template?: Template): Draft {
  const v = template?.current_version;
  return {
    name: template?.name ?? '',
    slug: template?.slug ?? '',
    description: template?.description ?? '',
    category: template?.category ?? '',
    tags: template?.tags ?? [],
    body: v?.body ?? '',
    system_prompt: v?.system_prompt ?? '',
    variables: (v?.variables ?? []).map((x) => ({ ...x })),
    provider: v?.defaults?.provider ?? '',
    model: v?.defaults?.model ?? '',
    params: v?.defaults?.params && Object.keys(v.defaults.params).length ? JSON.stringify(v.defaults.params, null, 2) : '',
    changelog: '',
  };
}

function comparable(draft: Draft) {
  return JSON.stringify({ ...draft, changelog: '' });
}

export function TemplateEditorPage() {
  const { id } = useParams();
  const isNew = !id || id === 'new';
  const { data, error, isLoading, refetch } = useGetTemplateQuery(Number(id), { skip: isNew });
  if (isNew) return <TemplateEditor />;
  if (isLoading) return <LoadingState label="Loading template…" />;
  if (error || !data) return <ErrorState error={error} title="Could not load this template" onRetry={refetch} />;
  return <TemplateEditor key={data.id} template={data} />;
}

interface Conflict {
  newer: Template;
  message: string;
}

function TemplateEditor({ template }: { template?: Template }) {
  const navigate = useNavigate();
  const { workspaceId, can } = useCurrentWorkspace();
  const canEdit = can('editor');
  const [draft, setDraft] = useState<Draft>(() => draftFrom(template));
  const [baseVersion, setBaseVersion] = useState(template?.current_version.number ?? 0);
  const [savedDraft, setSavedDraft] = useState(() => comparable(draftFrom(template)));
  const [error, setError] = useState<ApiError | null>(null);
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [showConflictDiff, setShowConflictDiff] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [create, { isLoading: creating }] = useCreateTemplateMutation();
  const [update, { isLoading: updating }] = useUpdateTemplateMutation();
  const [setArchived, { isLoading: archiving }] = useSetArchivedMutation();
  const [fetchTemplate] = useLazyGetTemplateQuery();
  const dirty = comparable(draft) !== savedDraft;
  const saving = creating || updating;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const msg = (name: string) => fieldMessage(error, name);
  const fieldErrors = useMemo(() => error?.fields ?? {}, [error]);

  const payload = (): TemplateWrite | null => {
    let params: Record<string, unknown> = {};
    if (draft.params.trim()) {
      try {
        params = JSON.parse(draft.params) as Record<string, unknown>;
        if (typeof params !== 'object' || Array.isArray(params) || params === null) throw new Error('not an object');
      } catch {
        setParamsError('Parameters must be a JSON object, e.g. {"temperature": 0.7, "max_tokens": 512}.');
        return null;
      }
    }
    setParamsError(null);
    return {
      name: draft.name,
      ...(draft.slug ? { slug: draft.slug } : {}),
      description: draft.description,
      category: draft.category,
      tags: draft.tags,
      body: draft.body,
      system_prompt: draft.system_prompt,
      variables: draft.variables as TemplateVariable[],
      defaults: { ...(draft.provider ? { provider: draft.provider } : {}), ...(draft.model ? { model: draft.model } : {}), params },
      changelog: draft.changelog,
    };
  };

  const afterSave = (saved: Template) => {
    const next = draftFrom(saved);
    setDraft(next);
    setSavedDraft(comparable(next));
    setBaseVersion(saved.current_version.number);
    setConflict(null);
    const warnings = saved.warnings?.length ? ` Note: ${saved.warnings.join(' ')}` : '';
    setNotice(saved.version_created === false ? `No content change: still version ${saved.current_version.number}.${warnings}` : `Saved as version ${saved.current_version.number}.${warnings}`);
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canEdit || saving) return;
    const body = payload();
    if (!body) return;
    setError(null);
    setNotice(null);
    try {
      if (!template) {
        const created = await create({ ...body, workspace: workspaceId! }).unwrap();
        navigate(`/templates/${created.id}`, { replace: true });
        return;
      }
      const saved = await update({ id: template.id, base_version: baseVersion, ...body }).unwrap();
      afterSave(saved?.current_version ? saved : await fetchTemplate(template.id, false).unwrap());
    } catch (err) {
      const parsed = toApiError(err);
      if (parsed?.status === 409 && template) {
        // Someone saved a newer version: fetch it and let the user compare before deciding.
        try {
          const newer = await fetchTemplate(template.id, false).unwrap();
          setConflict({ newer, message: parsed.message });
        } catch (fetchError) {
          setError(toApiError(fetchError));
        }
        return;
      }
      setError(parsed);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
  };

  const title = template ? template.name : 'New template';
  return (
    <Box>
      <PageHeader
        title={title}
        subtitle={
          template ? (
            <>
              v{template.current_version.number} · {template.slug}
              {template.is_archived ? ' · archived' : ''}
            </>
          ) : (
            'Write the prompt, declare its variables, save the first version.'
          )
        }
        actions={
          template ? (
            <>
              <Button component={RouterLink} to={`/generate?template=${template.id}`} startIcon={<PlayArrowIcon />} variant="outlined">
                Generate
              </Button>
              {canEdit ? (
                <Button
                  startIcon={template.is_archived ? <UnarchiveOutlinedIcon /> : <ArchiveOutlinedIcon />}
                  disabled={archiving}
                  onClick={async () => {
                    try {
                      await setArchived({ id: template.id, archived: !template.is_archived }).unwrap();
                    } catch (err) {
                      setError(toApiError(err));
                    }
                  }}
                >
                  {template.is_archived ? 'Unarchive' : 'Archive'}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      {conflict ? (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          role="alert"
          action={
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <Button color="inherit" size="small" onClick={() => setShowConflictDiff(true)}>
                Compare
              </Button>
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  const next = draftFrom(conflict.newer);
                  setDraft(next);
                  setSavedDraft(comparable(next));
                  setBaseVersion(conflict.newer.current_version.number);
                  setConflict(null);
                  setNotice(`Loaded version ${conflict.newer.current_version.number}.`);
                }}
              >
                Load newer version
              </Button>
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  setBaseVersion(conflict.newer.current_version.number);
                  setConflict(null);
                  setNotice(`Your edits are now based on version ${conflict.newer.current_version.number}: save again to write them.`);
                }}
              >
                Keep my changes
              </Button>
            </Stack>
          }
        >
          <AlertTitle>
            Version {conflict.newer.current_version.number} was saved while you were editing version {baseVersion}
          </AlertTitle>
          {conflict.message}
        </Alert>
      ) : null}
      {notice ? (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      ) : null}
      {!canEdit ? <Alert severity="info" sx={{ mb: 2 }}>You can read this template; editors and above can change it.</Alert> : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: template ? 'minmax(0, 3fr) minmax(0, 2fr)' : '1fr' } }}>
        <Stack component="form" spacing={2} onSubmit={save} onKeyDown={onKeyDown} noValidate aria-label="Template editor">
          <FormError error={error} shownFields={[...SHOWN_FIELDS, ...Object.keys(fieldErrors).filter((k) => k.startsWith('variables'))]} />
          <Card>
            <CardContent>
              <Stack spacing={2}>
                <Typography variant="h2">Details</Typography>
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                  <TextField label="Name" required value={draft.name} onChange={(e) => set('name', e.target.value)} error={Boolean(msg('name'))} helperText={msg('name')} disabled={!canEdit} />
                  <TextField label="Slug" value={draft.slug} onChange={(e) => set('slug', e.target.value)} error={Boolean(msg('slug'))} helperText={msg('slug') ?? (template ? undefined : 'Left empty, made from the name.')} disabled={!canEdit} />
                </Stack>
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                  <TextField label="Category" value={draft.category} onChange={(e) => set('category', e.target.value)} error={Boolean(msg('category'))} helperText={msg('category')} disabled={!canEdit} />
                  <Autocomplete
                    multiple
                    freeSolo
                    fullWidth
                    options={[] as string[]}
                    value={draft.tags}
                    onChange={(_e, value) => set('tags', value as string[])}
                    disabled={!canEdit}
                    renderValue={(value, getItemProps) => value.map((option, index) => { const { key, ...itemProps } = getItemProps({ index }); return <Chip key={key} size="small" label={option} {...itemProps} />; })}
                    renderInput={(params) => <TextField {...params} label="Tags" helperText={msg('tags') ?? 'Press Enter after each tag.'} error={Boolean(msg('tags'))} />}
                  />
                </Stack>
                <TextField label="Description" multiline minRows={2} value={draft.description} onChange={(e) => set('description', e.target.value)} error={Boolean(msg('description'))} helperText={msg('description')} disabled={!canEdit} />
              </Stack>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Stack spacing={2}>
                <Typography variant="h2">Prompt</Typography>
                <TextField label="System prompt" multiline minRows={3} value={draft.system_prompt} onChange={(e) => set('system_prompt', e.target.value)} error={Boolean(msg('system_prompt'))} helperText={msg('system_prompt')} disabled={!canEdit} slotProps={{ htmlInput: { style: monospace } }} />
                <TextField label="Body" required multiline minRows={8} value={draft.body} onChange={(e) => set('body', e.target.value)} error={Boolean(msg('body'))} helperText={msg('body') ?? 'Jinja syntax: {{ variable }}, {% if %}, filters.'} disabled={!canEdit} slotProps={{ htmlInput: { style: monospace } }} />
              </Stack>
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                Variables
              </Typography>
              <VariablesSchemaEditor value={draft.variables} onChange={(v) => set('variables', v)} errors={fieldErrors} disabled={!canEdit} />
            </CardContent>
          </Card>
          <Card>
            <CardContent>
              <Stack spacing={2}>
                <Typography variant="h2">Defaults</Typography>
                {workspaceId ? (
                  <ProviderModelPicker
                    workspace={workspaceId}
                    value={{ provider: draft.provider, model: draft.model }}
                    onChange={(v) => setDraft((d) => ({ ...d, ...v }))}
                    errors={{ provider: msg('defaults.provider'), model: msg('defaults.model') }}
                    defaultLabel="Workspace default"
                  />
                ) : null}
                <TextField
                  label="Parameters (JSON)"
                  multiline
                  minRows={2}
                  value={draft.params}
                  placeholder='{"temperature": 0.7, "max_tokens": 512}'
                  onChange={(e) => set('params', e.target.value)}
                  error={Boolean(paramsError || msg('defaults.params') || msg('defaults'))}
                  helperText={paramsError ?? msg('defaults.params') ?? msg('defaults')}
                  disabled={!canEdit}
                  slotProps={{ htmlInput: { style: monospace } }}
                />
              </Stack>
            </CardContent>
          </Card>
          {canEdit ? (
            <Card>
              <CardContent>
                <Stack spacing={2}>
                  <TextField label="Changelog" value={draft.changelog} onChange={(e) => set('changelog', e.target.value)} error={Boolean(msg('changelog'))} helperText={msg('changelog') ?? 'What changed in this version (optional).'} />
                  {msg('base_version') && !conflict ? <Alert severity="warning">{msg('base_version')}</Alert> : null}
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <Button type="submit" variant="contained" disabled={saving || (!dirty && Boolean(template))}>
                      {saving ? 'Saving…' : template ? 'Save new version' : 'Create template'}
                    </Button>
                    <Typography variant="caption" color="text.secondary">
                      {dirty ? 'Unsaved changes · Ctrl+S saves' : 'No unsaved changes'}
                    </Typography>
                  </Stack>
                </Stack>
              </CardContent>
            </Card>
          ) : null}
        </Stack>
        {template ? (
          <Stack spacing={2}>
            <PreviewPanel template={template} dirty={dirty} />
            <VersionHistory
              template={template}
              canEdit={canEdit}
              onRestored={async (restored) => {
                const fresh = restored?.current_version ? restored : await fetchTemplate(template.id, false).unwrap();
                afterSave(fresh);
                setNotice(`Restored as version ${fresh.current_version.number}.`);
              }}
            />
          </Stack>
        ) : null}
      </Box>
      <Dialog open={showConflictDiff && Boolean(conflict)} onClose={() => setShowConflictDiff(false)} fullWidth maxWidth="md">
        <DialogTitle>Newer version {conflict?.newer.current_version.number} compared with your edits</DialogTitle>
        <DialogContent>
          {conflict ? (
            <Stack spacing={2}>
              <Typography variant="body2" color="text.secondary">
                Lines marked “-” are in version {conflict.newer.current_version.number}; lines marked “+” are yours.
              </Typography>
              <DiffView label="System prompt" before={conflict.newer.current_version.system_prompt} after={draft.system_prompt} />
              <DiffView label="Body" before={conflict.newer.current_version.body} after={draft.body} />
              <DiffView label="Variables" before={JSON.stringify(conflict.newer.current_version.variables, null, 2)} after={JSON.stringify(draft.variables, null, 2)} />
            </Stack>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setShowConflictDiff(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

const monospace = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };
