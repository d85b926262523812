/** A dialog holding a small form: its title, the fields stacked, then a dismiss button and the form's own actions. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

export function FormDialog({
  open: controlledOpen = true,
  opener,
  onClose,
  title,
  children,
  actions,
  closeLabel,
  onSubmit,
}: {
  open?: boolean;
  /** The dialog comes with the button that opens it, and keeps its own open state (`open` is then unused). */
  opener?: { label: ReactNode; startIcon?: ReactNode };
  /** Called once the dialog closes (reset the form's state here). */
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  /** Beside the dismiss button: the submit button. */
  actions?: ReactNode;
  /** The dismiss button's text ("Cancel" by default). */
  closeLabel?: ReactNode;
  /** The dialog is a `<form>` (Enter in a field submits it). */
  onSubmit?: (event: FormEvent) => void;
}) {
  const titleId = useId();
  const [openedByButton, setOpenedByButton] = useState(false);
  const open = opener ? openedByButton : controlledOpen;
  const close = () => {
    setOpenedByButton(false);
    onClose();
  };
  const content = (
    <>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {children}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{closeLabel ?? <FormattedMessage id="common.cancel" defaultMessage="Cancel" />}</Button>
        {actions}
      </DialogActions>
    </>
  );
  const dialog = (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} fullWidth maxWidth="sm">
      {onSubmit ? <form onSubmit={onSubmit}>{content}</form> : content}
    </Dialog>
  );
  if (!opener) return dialog;
  return (
    <>
      <Button startIcon={opener.startIcon} onClick={() => setOpenedByButton(true)}>
        {opener.label}
      </Button>
      {dialog}
    </>
  );
}
