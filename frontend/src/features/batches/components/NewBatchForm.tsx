import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Stack,
  Typography,
} from '@mui/material';
import { useRef, useState, type FormEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useSearchParams } from 'react-router';

import { FormError, SelectField } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { formatCost, formatNumber } from '../../../lib/format';
import { ProjectPicker } from '../../content';
import { ProviderModelPicker, type ProviderChoice } from '../../providers';
import { LabelPicker, releaseFields, type Release } from '../../releases';
import { TemplatePicker, useTemplateSearch, type Template } from '../../templates';
import { useCheckBatchMutation, useCreateBatchMutation } from '../api';
import type { BatchDryRun } from '../types';
import { RowErrors } from './RowErrors';

/** What happens to a file's rows that do not fit the template's variables. */
const ON_INVALID_LABELS = defineMessages({
  skip: { id: 'batches.new.skipInvalid', defaultMessage: 'Skip them, run the rest' },
  reject: { id: 'batches.new.rejectFile', defaultMessage: 'Reject the whole file' },
});

export function NewBatchForm({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const templates = useTemplateSearch(workspace);
  const [template, setTemplate] = useState<Template | null>(null);
  const [release, setRelease] = useState<Release>(null);
  const [choice, setChoice] = useState<ProviderChoice>({ provider: '', model: '' });
  const [file, setFile] = useState<File | null>(null);
  const [onInvalid, setOnInvalid] = useState<keyof typeof ON_INVALID_LABELS>('skip');
  // `?project=` preselects it (the project page's "New batch").
  const [searchParams] = useSearchParams();
  const [project, setProject] = useState(searchParams.get('project') ?? '');
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
        template: template.id,
        ...releaseFields(release),
        ...(choice.provider ? { provider: choice.provider } : {}),
        ...(choice.model ? { model: choice.model } : {}),
        file,
        on_invalid: onInvalid,
        ...(project ? { project: Number(project) } : {}),
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
            <TemplatePicker search={templates} required value={template} onChange={(next) => { setTemplate(next); setRelease(null); setCheck(null); }} error={fieldMessage(error, 'template')} />
            <SelectField label={intl.formatMessage({ id: 'batches.new.invalidRows', defaultMessage: 'Invalid rows' })} value={onInvalid} onChange={setOnInvalid} labels={ON_INVALID_LABELS} sx={{ maxWidth: { md: 260 } }} />
            <ProjectPicker workspace={workspace} value={project} onChange={setProject} error={fieldMessage(error, 'project')} sx={{ minWidth: { md: 220 } }} />
          </Stack>
          {template ? (
            <LabelPicker template={template.id} latest={template.current_version.number} value={release} onChange={(next) => { setRelease(next); setCheck(null); }} error={fieldMessage(error, 'label') ?? fieldMessage(error, 'version')} />
          ) : null}
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
            </Alert> : <FormError error={error} shownFields={['template', 'provider', 'model', 'file', 'project', 'label', 'version']} />}
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
