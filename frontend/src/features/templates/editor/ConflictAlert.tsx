import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { SaveConflictAlert } from '../../../components';
import { DiffView } from '../components/DiffView';
import { CLOSE, FIELD_LABELS } from '../messages';
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
  const intl = useIntl();
  const [comparing, setComparing] = useState(false);
  const newer = conflict.newer.current_version;
  return (
    <>
      <SaveConflictAlert
        title={
          <FormattedMessage
            id="templates.conflict.title"
            defaultMessage="Version {newer} was saved while you were editing version {base}"
            values={{ newer: newer.number, base: baseVersion }}
          />
        }
        message={conflict.message}
        actions={[
          { label: <FormattedMessage id="templates.conflict.compare" defaultMessage="Compare" />, onClick: () => setComparing(true) },
          { label: <FormattedMessage id="templates.conflict.loadNewer" defaultMessage="Load newer version" />, onClick: () => onLoadNewer(conflict.newer) },
          { label: <FormattedMessage id="templates.conflict.keepMine" defaultMessage="Keep my changes" />, onClick: () => onKeepMine(conflict.newer) },
        ]}
      />
      <Dialog open={comparing} onClose={() => setComparing(false)} fullWidth maxWidth="md">
        <DialogTitle>
          <FormattedMessage id="templates.conflict.compareTitle" defaultMessage="Newer version {newer} compared with your edits" values={{ newer: newer.number }} />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              <FormattedMessage
                id="templates.conflict.legend"
                defaultMessage="Lines marked “-” are in version {newer}; lines marked “+” are yours."
                values={{ newer: newer.number }}
              />
            </Typography>
            <DiffView label={intl.formatMessage(FIELD_LABELS.systemPrompt)} before={newer.system_prompt} after={draft.system_prompt} />
            <DiffView label={intl.formatMessage(FIELD_LABELS.body)} before={newer.body} after={draft.body} />
            <DiffView label={intl.formatMessage(FIELD_LABELS.variables)} before={JSON.stringify(newer.variables, null, 2)} after={JSON.stringify(draft.variables, null, 2)} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setComparing(false)}>{intl.formatMessage(CLOSE)}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
