import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Button, Tooltip } from '@mui/material';
import { useState } from 'react';
import { useIntl } from 'react-intl';

/** Copies `text`, or what `text()` returns at the click (for text read from the page then). */
export function CopyButton({ text, label, disabled }: { text: string | (() => string); label?: string; disabled?: boolean }) {
  const intl = useIntl();
  const copiedText = intl.formatMessage({ id: 'common.copy.copied', defaultMessage: 'Copied' });
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof text === 'function' ? text() : text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Tooltip title={copied ? copiedText : ''} open={copied}>
      <span>
        <Button size="small" startIcon={<ContentCopyIcon />} onClick={copy} disabled={disabled || !text}>
          {copied ? copiedText : (label ?? intl.formatMessage({ id: 'common.copy', defaultMessage: 'Copy' }))}
        </Button>
      </span>
    </Tooltip>
  );
}
