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
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { FormError } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { formatCost, formatNumber } from '../../../lib/format';
import { ProviderModelPicker, type ProviderChoice } from '../../providers';
import { useListTemplatesQuery } from '../../templates';
import { useCheckBatchMutation, useCreateBatchMutation } from '../api';
import type { BatchDryRun } from '../types';
import { RowErrors } from './RowErrors';

export function NewBatchForm({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const templates = useListTemplatesQuery({ workspace, ordering: 'name' });
  const [template, setTemplate] = useState('');
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
  return (
    <Card>
      <CardContent>
        <Stack component="form" spacing={2} onSubmit={onSubmit} aria-label={intl.formatMessage({ id: 'batches.new.title', defaultMessage: 'New batch' })}>
          <Typography variant="h2">
            <FormattedMessage id="batches.new.title" defaultMessage="New batch" />
          </Typography>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            <TextField select label={intl.formatMessage({ id: 'batches.new.template', defaultMessage: 'Template' })} required value={template} onChange={(e) => { setTemplate(e.target.value); setCheck(null); }} error={Boolean(fieldMessage(error, 'template'))} helperText={fieldMessage(error, 'template') ?? (templates.error ? intl.formatMessage({ id: 'batches.new.templatesFailed', defaultMessage: 'Could not load templates.' }) : undefined)}>
              {(templates.data?.results ?? []).map((t) => (
                <MenuItem key={t.id} value={String(t.id)}>
                  {t.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField select label={intl.formatMessage({ id: 'batches.new.invalidRows', defaultMessage: 'Invalid rows' })} value={onInvalid} onChange={(e) => setOnInvalid(e.target.value as 'skip' | 'reject')} sx={{ maxWidth: { md: 260 } }}>
              <MenuItem value="skip">
                <FormattedMessage id="batches.new.skipInvalid" defaultMessage="Skip them, run the rest" />
              </MenuItem>
              <MenuItem value="reject">
                <FormattedMessage id="batches.new.rejectFile" defaultMessage="Reject the whole file" />
              </MenuItem>
            </TextField>
          </Stack>
          <ProviderModelPicker workspace={workspace} value={choice} onChange={setChoice} errors={{ provider: fieldMessage(error, 'provider'), model: fieldMessage(error, 'model') }} />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <input ref={fileInput} hidden type="file" accept=".csv,.json,.jsonl,text/csv" aria-label={intl.formatMessage({ id: 'batches.new.file', defaultMessage: 'Batch file' })} onChange={(e) => { setFile(e.target.files?.[0] ?? null); setCheck(null); }} />
            <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => fileInput.current?.click()}>
              <FormattedMessage id="batches.new.chooseFile" defaultMessage="Choose CSV" />
            </Button>
            <Typography variant="body2">
              {file ? (
                <FormattedMessage
                  id="batches.new.chosenFile"
                  defaultMessage="{name} ({size} KB)"
                  values={{ name: file.name, size: formatNumber(Math.ceil(file.size / 1024)) }}
                />
              ) : (
                <FormattedMessage id="batches.new.fileHelp" defaultMessage="One row per generation; columns are variable names." />
              )}
            </Typography>
          </Stack>
          {fieldMessage(error, 'file') ? <Typography color="error" variant="body2">{fieldMessage(error, 'file')}</Typography> : null}
          {notDeployed ? <Alert severity="info">
              <FormattedMessage id="batches.new.notAvailable" defaultMessage="Batches are not available on this server yet." />
            </Alert> : <FormError error={error} shownFields={['template', 'provider', 'model', 'file']} />}
          {check ? (
            <Alert severity={check.errors?.length ? 'warning' : 'success'}>
              <FormattedMessage
                id="batches.new.checkSummary"
                defaultMessage="{total, plural, one {# row} other {# rows}} · {invalid} invalid · estimated cost {cost}"
                values={{ total: check.total, invalid: check.invalid, cost: formatCost(check.estimated_cost, 4) }}
              />
            </Alert>
          ) : null}
          {check?.errors?.length ? <RowErrors errors={check.errors} /> : null}
          <Stack direction="row" spacing={1}>
            <Button type="submit" disabled={!file || !template || isLoading}>
              <FormattedMessage id="batches.new.check" defaultMessage="Check file and estimate" />
            </Button>
            <Button variant="contained" disabled={!file || !template || isLoading || (onInvalid === 'reject' && Boolean(check?.errors?.length))} onClick={() => submit(false)}>
              <FormattedMessage id="batches.new.start" defaultMessage="Start batch" />
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
