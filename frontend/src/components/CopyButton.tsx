import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Button, Tooltip } from '@mui/material';
import { useState } from 'react';

/** Copies `text`, or what `text()` returns at the click (for text read from the page then). */
export function CopyButton({ text, label = 'Copy', disabled }: { text: string | (() => string); label?: string; disabled?: boolean }) {
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
    <Tooltip title={copied ? 'Copied' : ''} open={copied}>
      <span>
        <Button size="small" startIcon={<ContentCopyIcon />} onClick={copy} disabled={disabled || !text}>
          {copied ? 'Copied' : label}
        </Button>
      </span>
    </Tooltip>
  );
}
