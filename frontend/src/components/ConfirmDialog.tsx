import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="confirm-title">
      <DialogTitle id="confirm-title">{title}</DialogTitle>
      {children ? (
        <DialogContent>
          <DialogContentText component="div">{children}</DialogContentText>
        </DialogContent>
      ) : null}
      <DialogActions>
        <Button onClick={onClose}>
          <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
        </Button>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- an opened dialog takes focus inside it (WAI-ARIA dialog pattern), so Enter confirms */}
        <Button variant="contained" color={danger ? 'error' : 'primary'} onClick={onConfirm} autoFocus>
          {confirmLabel ?? <FormattedMessage id="common.confirm" defaultMessage="Confirm" />}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Asks about one item (`item`; null: the dialog is closed). Confirming closes the dialog, then acts on the item. */
export function ConfirmItemDialog<T>({ item, onConfirm, ...dialog }: Omit<ConfirmDialogProps, 'open' | 'onConfirm'> & { item: T | null; onConfirm: (item: T) => void }) {
  return (
    <ConfirmDialog
      {...dialog}
      open={item !== null}
      onConfirm={() => {
        dialog.onClose();
        if (item !== null) onConfirm(item);
      }}
    />
  );
}
