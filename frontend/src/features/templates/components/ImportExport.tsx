import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
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

import { useAppDispatch } from '../../../app/hooks';
import { FormError } from '../../../components';
import { toQuery } from '../../../lib/api';
import { downloadFromApi } from '../../../lib/download';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useImportTemplatesMutation } from '../api';
import type { ImportReport } from '../types';

export function ExportMenu({ workspace }: { workspace: number }) {
  const dispatch = useAppDispatch();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const download = async (format: 'json' | 'yaml') => {
    setAnchor(null);
    setError(await dispatch(downloadFromApi(`templates/export/${toQuery({ workspace, format })}`, `templates.${format}`)));
  };
  return (
    <>
      <Button startIcon={<DownloadIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        Export
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => download('json')}>JSON</MenuItem>
        <MenuItem onClick={() => download('yaml')}>YAML</MenuItem>
      </Menu>
      {error ? (
        <Dialog open onClose={() => setError(null)}>
          <DialogTitle>Export failed</DialogTitle>
          <DialogContent>
            <FormError error={error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setError(null)}>Close</Button>
          </DialogActions>
        </Dialog>
      ) : null}
    </>
  );
}

export function ImportButton({ workspace }: { workspace: number }) {
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [importTemplates, { isLoading }] = useImportTemplatesMutation();

  const close = () => {
    setOpen(false);
    setFile(null);
    setReport(null);
    setError(null);
  };
  const submit = async () => {
    if (!file) return;
    setError(null);
    setReport(null);
    try {
      setReport(await importTemplates({ workspace, file, dryRun }).unwrap());
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <>
      <Button startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        Import
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
        <DialogTitle>Import templates</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2" color="text.secondary">
              JSON, YAML, CSV or Markdown with front matter. Templates are matched by slug: existing ones get a new version.
            </Typography>
            <input ref={input} type="file" hidden accept=".json,.yaml,.yml,.csv,.md,.markdown" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-label="Templates file" />
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Button variant="outlined" onClick={() => input.current?.click()}>
                Choose file
              </Button>
              <Typography variant="body2">{file ? file.name : 'No file chosen'}</Typography>
            </Stack>
            <FormControlLabel control={<Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />} label="Dry run (check only, write nothing)" />
            <FormError error={error} shownFields={[]} />
            {report ? <ImportReportView report={report} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Close</Button>
          <Button variant="contained" onClick={submit} disabled={!file || isLoading}>
            {isLoading ? 'Importing…' : 'Import'}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const counts = (['created', 'updated', 'unchanged', 'failed'] as const).filter((k) => typeof report[k] === 'number');
  const errors = Array.isArray(report.errors) ? report.errors : [];
  return (
    <Stack spacing={1}>
      <Alert severity={errors.length ? 'warning' : 'success'}>
        {counts.length ? counts.map((k) => `${report[k]} ${k}`).join(', ') : 'Import finished.'}
        {errors.length ? `; ${errors.length} row(s) with errors.` : ''}
      </Alert>
      {errors.length ? (
        <List dense aria-label="Import errors">
          {errors.slice(0, 50).map((e, i) => (
            <ListItem key={i} divider>
              <ListItemText primary={`${e.row !== undefined ? `Row ${e.row}` : e.slug ?? ''}${e.field ? ` · ${e.field}` : ''}`} secondary={e.message ?? JSON.stringify(e.errors ?? e)} />
            </ListItem>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
