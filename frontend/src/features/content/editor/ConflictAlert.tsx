import { Alert, AlertTitle, Button, Stack } from '@mui/material';

import type { ContentEditorState } from './useContentEditor';

/** Someone saved a newer revision while this one was being edited: load it, or keep the draft. */
export function ConflictAlert({ editor }: { editor: ContentEditorState }) {
  const { conflict, conflictActions, baseRevision } = editor;
  if (!conflict) return null;
  return (
    <Alert
      severity="warning"
      role="alert"
      sx={{ mb: 2 }}
      action={
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          <Button color="inherit" size="small" onClick={() => conflictActions.loadNewer(conflict.newer)}>
            Load newer revision
          </Button>
          <Button color="inherit" size="small" onClick={() => conflictActions.keepMine(conflict.newer)}>
            Keep my changes
          </Button>
        </Stack>
      }
    >
      <AlertTitle>
        Revision {conflict.newer.revision} was saved while you were editing revision {baseRevision}
      </AlertTitle>
      {conflict.message}
    </Alert>
  );
}
