import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';

import { ErrorState, LoadingState } from '../../../components';
import { useGetVersionQuery } from '../api';
import { DiffView } from './DiffView';

/** The changes between any two versions, both chosen by the user. */
export function VersionCompareDialog({
  templateId,
  versions,
  initial,
  onClose,
}: {
  templateId: number;
  versions: number[];
  initial: { from: number; to: number };
  onClose: () => void;
}) {
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const before = useGetVersionQuery({ id: templateId, number: from });
  const after = useGetVersionQuery({ id: templateId, number: to });
  const pick = (label: string, value: number, onChange: (n: number) => void) => (
    <TextField select size="small" label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} sx={{ minWidth: 120 }}>
      {versions.map((n) => (
        <MenuItem key={n} value={n}>
          v{n}
        </MenuItem>
      ))}
    </TextField>
  );
  const error = before.error ?? after.error;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>
        Changes from v{from} to v{to}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack direction="row" spacing={2}>
            {pick('From', from, setFrom)}
            {pick('To', to, setTo)}
          </Stack>
          {error ? (
            <ErrorState error={error} title="Could not load a version" />
          ) : !before.data || !after.data ? (
            <LoadingState />
          ) : (
            <>
              <DiffView label="System prompt" before={before.data.system_prompt} after={after.data.system_prompt} />
              <DiffView label="Body" before={before.data.body} after={after.data.body} />
              <DiffView label="Variables" before={JSON.stringify(before.data.variables, null, 2)} after={JSON.stringify(after.data.variables, null, 2)} />
              <DiffView label="Defaults" before={JSON.stringify(before.data.defaults, null, 2)} after={JSON.stringify(after.data.defaults, null, 2)} />
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
