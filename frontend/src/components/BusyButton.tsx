/** A button that says its action is running (`busy`: "Saving…" in place of "Save") and is disabled meanwhile. */
import { Button, type ButtonProps } from '@mui/material';
import type { ReactNode } from 'react';

export function BusyButton({ busy, busyLabel, disabled, children, ...button }: ButtonProps & { busy: boolean; busyLabel: ReactNode }) {
  return (
    <Button {...button} disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </Button>
  );
}
