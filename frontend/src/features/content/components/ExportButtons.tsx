import DownloadIcon from '@mui/icons-material/Download';
import { Button, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { defineMessage, FormattedMessage, useIntl } from 'react-intl';

import { useAppDispatch } from '../../../app/hooks';
import { downloadFromApi } from '../../../lib/download';
import type { ApiError } from '../../../lib/errors';

/** Formats by name, the same in every language; the Zip's label says what is inside. */
const NAMES: Record<string, string> = { md: 'Markdown', html: 'HTML', docx: 'Word (DOCX)', csv: 'CSV', jsonl: 'JSON Lines' };
const ZIP = defineMessage({ id: 'content.export.zip', defaultMessage: 'Zip of Markdown files' });

/** A menu of download formats for `content/…/export/?format=`; a refusal goes to `onError`. */
export function ExportButton({ path, formats, name, onError }: { path: string; formats: readonly string[]; name: string; onError: (error: ApiError | null) => void }) {
  const intl = useIntl();
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
        {busy ? <FormattedMessage id="content.export.preparing" defaultMessage="Preparing…" /> : <FormattedMessage id="content.export.button" defaultMessage="Export" />}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {formats.map((format) => (
          <MenuItem key={format} onClick={() => download(format)}>
            {format === 'zip' ? intl.formatMessage(ZIP) : (NAMES[format] ?? format)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
