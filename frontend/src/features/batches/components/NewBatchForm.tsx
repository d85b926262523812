import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { formatCost } from '../../../lib/format';
import { ProviderModelPicker, type ProviderChoice } from '../../providers';
import { LabelPicker, releaseFields, type Release } from '../../releases';
import { useListTemplatesQuery } from '../../templates';
import { useCheckBatchMutation, useCreateBatchMutation } from '../api';
import type { BatchDryRun } from '../types';
import { RowErrors } from './RowErrors';

export function NewBatchForm({ workspace }: { workspace: number }) {
  const navigate = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const templates = useListTemplatesQuery({ workspace, ordering: 'name' });
  const [template, setTemplate] = useState('');
  const [release, setRelease] = useState<Release>(null);
  const [choice, setChoice] = useState<ProviderChoice>({ provider: '', model: '' });
  const [file, setFile] = useState<File | null>(null);
  const [onInvalid, setOnInvalid] = useState<'skip' | 'reject'>('skip');
  const [check, setCheck] = useState<BatchDryRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [checkBatch, { isLoading: checking }] = useCheckBatchMutation();
  const [createBatch, { isLoading: creating }] = useCreateBatchMutation();
  const isLoading = checking || creating;

  const submit = async (dryRun: boolean) => {
    if (!file || !template) return;
    setError(null);
    try {
      const upload = {
        template: Number(template),
        ...releaseFields(release),
        ...(choice.provider ? { provider: choice.provider } : {}),
        ...(choice.model ? { model: choice.model } : {}),
        file,
        on_invalid: onInvalid,
      };
      if (dryRun) setCheck(await checkBatch(upload).unwrap());
      else navigate(`/batches/${(await createBatch(upload).unwrap()).id}`);
    } catch (err) {
      setError(toApiError(err));
      setCheck(null);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(true);
  };

  const notDeployed = error?.status === 404;
  const chosen = templates.data?.results.find((t) => String(t.id) === template);
  return (
    <Card>
      <CardContent>
        <Stack component="form" spacing={2} onSubmit={onSubmit} aria-label="New batch">
          <Typography variant="h2">New batch</Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            <TextField select label="Template" required value={template} onChange={(e) => { setTemplate(e.target.value); setRelease(null); setCheck(null); }} error={Boolean(fieldMessage(error, 'template'))} helperText={fieldMessage(error, 'template') ?? (templates.error ? 'Could not load templates.' : undefined)}>
              {(templates.data?.results ?? []).map((t) => (
                <MenuItem key={t.id} value={String(t.id)}>
                  {t.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField select label="Invalid rows" value={onInvalid} onChange={(e) => setOnInvalid(e.target.value as 'skip' | 'reject')} sx={{ maxWidth: { md: 260 } }}>
              <MenuItem value="skip">Skip them, run the rest</MenuItem>
              <MenuItem value="reject">Reject the whole file</MenuItem>
            </TextField>
          </Stack>
          {chosen ? (
            <LabelPicker template={chosen.id} latest={chosen.current_version.number} value={release} onChange={(next) => { setRelease(next); setCheck(null); }} error={fieldMessage(error, 'label') ?? fieldMessage(error, 'version')} />
          ) : null}
          <ProviderModelPicker workspace={workspace} value={choice} onChange={setChoice} errors={{ provider: fieldMessage(error, 'provider'), model: fieldMessage(error, 'model') }} />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <input ref={fileInput} hidden type="file" accept=".csv,.json,.jsonl,text/csv" aria-label="Batch file" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setCheck(null); }} />
            <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()}>
              Choose CSV
            </Button>
            <Typography variant="body2">{file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : 'One row per generation; columns are variable names.'}</Typography>
          </Stack>
          {fieldMessage(error, 'file') ? <Typography color="error" variant="body2">{fieldMessage(error, 'file')}</Typography> : null}
          {notDeployed ? <Alert severity="info">Batches are not available on this server yet.</Alert> : <FormError error={error} shownFields={['template', 'label', 'version', 'provider', 'model', 'file']} />}
          {check ? (
            <Alert severity={check.errors?.length ? 'warning' : 'success'}>
              {check.total} row{check.total === 1 ? '' : 's'} · {check.invalid} invalid · estimated cost {formatCost(check.estimated_cost, 4)}
            </Alert>
          ) : null}
          {check?.errors?.length ? <RowErrors errors={check.errors} /> : null}
          <Stack direction="row" spacing={1}>
            <Button type="submit" disabled={!file || !template || isLoading}>
              Check file and estimate
            </Button>
            <Button variant="contained" disabled={!file || !template || isLoading || (onInvalid === 'reject' && Boolean(check?.errors?.length))} onClick={() => submit(false)}>
              Start batch
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
