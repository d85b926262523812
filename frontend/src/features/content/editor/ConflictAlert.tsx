import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import { FormattedMessage } from 'react-intl';

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
            <FormattedMessage id="content.conflict.loadNewer" defaultMessage="Load newer revision" />
          </Button>
          <Button color="inherit" size="small" onClick={() => conflictActions.keepMine(conflict.newer)}>
            <FormattedMessage id="content.conflict.keepMine" defaultMessage="Keep my changes" />
          </Button>
        </Stack>
      }
    >
      <AlertTitle>
        <FormattedMessage
          id="content.conflict.title"
          defaultMessage="Revision {newer} was saved while you were editing revision {base}"
          values={{ newer: conflict.newer.revision, base: baseRevision }}
        />
      </AlertTitle>
      {conflict.message}
    </Alert>
  );
}
