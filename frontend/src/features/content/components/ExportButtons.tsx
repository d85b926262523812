import DownloadIcon from '@mui/icons-material/Download';
import { Button, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';

import { useAppDispatch } from '../../../app/hooks';
import { downloadFromApi } from '../../../lib/download';
import type { ApiError } from '../../../lib/errors';

const LABELS: Record<string, string> = { md: 'Markdown', html: 'HTML', docx: 'Word (DOCX)', zip: 'Zip of Markdown files', csv: 'CSV', jsonl: 'JSON Lines' };

/** A menu of download formats for `content/…/export/?format=`; a refusal goes to `onError`. */
export function ExportButton({ path, formats, name, onError }: { path: string; formats: readonly string[]; name: string; onError: (error: ApiError | null) => void }) {
  const dispatch = useAppDispatch();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async (format: string) => {
    setAnchor(null);
    setBusy(true);
    const separator = path.includes('?') ? '&' : '?';
    onError(await dispatch(downloadFromApi(`${path}${separator}format=${format}`, `${name}.${format}`)));
    setBusy(false);
  };
  return (
    <>
      <Button startIcon={<DownloadIcon />} aria-haspopup="menu" disabled={busy} onClick={(e) => setAnchor(e.currentTarget)}>
        {busy ? 'Preparing…' : 'Export'}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {formats.map((format) => (
          <MenuItem key={format} onClick={() => download(format)}>
            {LABELS[format] ?? format}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
