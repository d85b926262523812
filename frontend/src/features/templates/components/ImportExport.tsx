import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Button,
  Checkbox,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  Menu,
  MenuItem,
  Stack,
  Typography,
} from '@mui/material';
import { useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';

import { useAppDispatch } from '../../../app/hooks';
import { FormDialog, FormError, SaveButton } from '../../../components';
import { toQuery } from '../../../lib/api';
import { downloadFromApi } from '../../../lib/download';
import type { ApiError } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useImportTemplatesMutation } from '../api';
import { CLOSE } from '../messages';
import type { ImportReport } from '../types';

const EXPORT_FORMATS = ['json', 'yaml'] as const;

export function ExportMenu({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const download = async (format: (typeof EXPORT_FORMATS)[number]) => {
    setAnchor(null);
    setError(await dispatch(downloadFromApi(`templates/export/${toQuery({ workspace, format })}`, `templates.${format}`)));
  };
  return (
    <>
      <Button startIcon={<DownloadIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        <FormattedMessage id="templates.export.button" defaultMessage="Export" />
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {EXPORT_FORMATS.map((format) => (
          <MenuItem key={format} onClick={() => download(format)}>
            {format.toUpperCase()}
          </MenuItem>
        ))}
      </Menu>
      {error ? (
        <FormDialog onClose={() => setError(null)} title={<FormattedMessage id="templates.export.failed" defaultMessage="Export failed" />} closeLabel={intl.formatMessage(CLOSE)}>
          <FormError error={error} />
        </FormDialog>
      ) : null}
    </>
  );
}

export function ImportButton({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const { error, setError, run } = useApiAction();
  const [importTemplates, { isLoading }] = useImportTemplatesMutation();

  const close = () => {
    setFile(null);
    setReport(null);
    setError(null);
  };
  const submit = async () => {
    if (!file) return;
    setReport(null);
    await run(async () => setReport(await importTemplates({ workspace, file, dryRun }).unwrap()));
  };

  return (
    <FormDialog
      opener={{ label: <FormattedMessage id="templates.import.button" defaultMessage="Import" />, startIcon: <UploadFileIcon /> }}
      onClose={close}
      title={<FormattedMessage id="templates.import.title" defaultMessage="Import templates" />}
      closeLabel={intl.formatMessage(CLOSE)}
      actions={
        <SaveButton onClick={submit} disabled={!file} saving={isLoading} busyText={<FormattedMessage id="templates.import.importing" defaultMessage="Importing…" />}>
          <FormattedMessage id="templates.import.submit" defaultMessage="Import" />
        </SaveButton>
      }
    >
      <Typography variant="body2" color="text.secondary">
        <FormattedMessage
          id="templates.import.formats"
          defaultMessage="JSON, YAML, CSV or Markdown with front matter. Templates are matched by slug: existing ones get a new version."
        />
      </Typography>
      <input
        ref={input}
        type="file"
        hidden
        accept=".json,.yaml,.yml,.csv,.md,.markdown"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        aria-label={intl.formatMessage({ id: 'templates.import.file', defaultMessage: 'Templates file' })}
      />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => input.current?.click()}>
          <FormattedMessage id="templates.import.choose" defaultMessage="Choose file" />
        </Button>
        <Typography variant="body2">{file ? file.name : <FormattedMessage id="templates.import.noFile" defaultMessage="No file chosen" />}</Typography>
      </Stack>
      <FormControlLabel
        control={<Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />}
        label={intl.formatMessage({ id: 'templates.import.dryRun', defaultMessage: 'Dry run (check only, write nothing)' })}
      />
      <FormError error={error} shownFields={[]} />
      {report ? <ImportReportView report={report} /> : null}
    </FormDialog>
  );
}

const REPORT_KEYS = ['created', 'updated', 'unchanged', 'failed'] as const;
const REPORT_COUNTS = defineMessages<Record<(typeof REPORT_KEYS)[number], { count: number }>>({
  created: { id: 'templates.import.created', defaultMessage: '{count} created' },
  updated: { id: 'templates.import.updated', defaultMessage: '{count} updated' },
  unchanged: { id: 'templates.import.unchanged', defaultMessage: '{count} unchanged' },
  failed: { id: 'templates.import.failed', defaultMessage: '{count} failed' },
});

function ImportReportView({ report }: { report: ImportReport }) {
  const intl = useIntl();
  const counts = REPORT_KEYS.filter((k) => typeof report[k] === 'number');
  const errors = Array.isArray(report.errors) ? report.errors : [];
  const summary = counts.length
    ? intl.formatList(counts.map((k) => intl.formatMessage(REPORT_COUNTS[k], { count: Number(report[k]) })), { type: 'unit' })
    : intl.formatMessage({ id: 'templates.import.finished', defaultMessage: 'Import finished.' });
  return (
    <Stack spacing={1}>
      <Alert severity={errors.length ? 'warning' : 'success'}>
        {errors.length
          ? intl.formatMessage(
              { id: 'templates.import.withErrors', defaultMessage: '{summary}; {count, plural, one {# row with errors} other {# rows with errors}}.' },
              { summary, count: errors.length },
            )
          : summary}
      </Alert>
      {errors.length ? (
        <List dense aria-label={intl.formatMessage({ id: 'templates.import.errors', defaultMessage: 'Import errors' })}>
          {errors.slice(0, 50).map((e, i) => (
            <ListItem key={i} divider>
              <ListItemText
                primary={[e.row !== undefined ? intl.formatMessage({ id: 'templates.import.row', defaultMessage: 'Row {row}' }, { row: e.row }) : e.slug, e.field]
                  .filter(Boolean)
                  .join(' · ')}
                secondary={e.message ?? JSON.stringify(e.errors ?? e)}
              />
            </ListItem>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
