import { Alert, AlertTitle, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { useState } from 'react';

import { DiffView } from '../components/DiffView';
import type { Template } from '../types';
import type { Draft } from './draft';
import type { Conflict } from './useSaveConflict';

/** A newer version was saved meanwhile: compare it with the draft, load it, or keep the draft. */
export function ConflictAlert({
  conflict,
  baseVersion,
  draft,
  onLoadNewer,
  onKeepMine,
}: {
  conflict: Conflict;
  baseVersion: number;
  draft: Draft;
  onLoadNewer: (newer: Template) => void;
  onKeepMine: (newer: Template) => void;
}) {
  const [comparing, setComparing] = useState(false);
  const newer = conflict.newer.current_version;
  return (
    <>
      <Alert
        severity="warning"
        sx={{ mb: 2 }}
        role="alert"
        action={
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
            <Button color="inherit" size="small" onClick={() => setComparing(true)}>
              Compare
            </Button>
            <Button color="inherit" size="small" onClick={() => onLoadNewer(conflict.newer)}>
              Load newer version
            </Button>
            <Button color="inherit" size="small" onClick={() => onKeepMine(conflict.newer)}>
              Keep my changes
            </Button>
          </Stack>
        }
      >
        <AlertTitle>
          Version {newer.number} was saved while you were editing version {baseVersion}
        </AlertTitle>
        {conflict.message}
      </Alert>
      <Dialog open={comparing} onClose={() => setComparing(false)} fullWidth maxWidth="md">
        <DialogTitle>Newer version {newer.number} compared with your edits</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              Lines marked “-” are in version {newer.number}; lines marked “+” are yours.
            </Typography>
            <DiffView label="System prompt" before={newer.system_prompt} after={draft.system_prompt} />
            <DiffView label="Body" before={newer.body} after={draft.body} />
            <DiffView label="Variables" before={JSON.stringify(newer.variables, null, 2)} after={JSON.stringify(draft.variables, null, 2)} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setComparing(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
