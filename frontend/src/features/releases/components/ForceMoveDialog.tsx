import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

/** An owner's move past a release gate: the reason is required and kept in the label's history. */
export function ForceMoveDialog({ open, title, onClose, onConfirm }: { open: boolean; title: string; onClose: () => void; onConfirm: (reason: string) => void }) {
  const intl = useIntl();
  const [reason, setReason] = useState('');
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="force-move-title" fullWidth maxWidth="sm">
      <DialogTitle id="force-move-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          <FormattedMessage id="releases.force.explain" defaultMessage="The release gate has not passed. The move is made anyway and the label's history marks it forced, with your reason." />
        </DialogContentText>
        <TextField
          label={intl.formatMessage({ id: 'releases.force.reason', defaultMessage: 'Reason' })}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          fullWidth
          multiline
          sx={{ mt: 2 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          <FormattedMessage id="releases.force.cancel" defaultMessage="Cancel" />
        </Button>
        <Button variant="contained" color="warning" disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())}>
          <FormattedMessage id="releases.force.confirm" defaultMessage="Force the move" />
        </Button>
      </DialogActions>
    </Dialog>
  );
}
