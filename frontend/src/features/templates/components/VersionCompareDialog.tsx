import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, LoadingState } from '../../../components';
import { useGetVersionQuery } from '../api';
import { CLOSE, FIELD_LABELS, VERSION_SHORT } from '../messages';
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
  const intl = useIntl();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const before = useGetVersionQuery({ id: templateId, number: from });
  const after = useGetVersionQuery({ id: templateId, number: to });
  const pick = (label: string, value: number, onChange: (n: number) => void) => (
    <TextField select size="small" label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} sx={{ minWidth: 120 }}>
      {versions.map((n) => (
        <MenuItem key={n} value={n}>
          {intl.formatMessage(VERSION_SHORT, { version: n })}
        </MenuItem>
      ))}
    </TextField>
  );
  const error = before.error ?? after.error;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>
        <FormattedMessage id="templates.compare.title" defaultMessage="Changes from v{from} to v{to}" values={{ from, to }} />
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack direction="row" spacing={2}>
            {pick(intl.formatMessage({ id: 'templates.compare.from', defaultMessage: 'From' }), from, setFrom)}
            {pick(intl.formatMessage({ id: 'templates.compare.to', defaultMessage: 'To' }), to, setTo)}
          </Stack>
          {error ? (
            <ErrorState error={error} title={intl.formatMessage({ id: 'templates.compare.loadError', defaultMessage: 'Could not load a version' })} />
          ) : !before.data || !after.data ? (
            <LoadingState />
          ) : (
            <>
              <DiffView label={intl.formatMessage(FIELD_LABELS.systemPrompt)} before={before.data.system_prompt} after={after.data.system_prompt} />
              <DiffView label={intl.formatMessage(FIELD_LABELS.body)} before={before.data.body} after={after.data.body} />
              <DiffView
                label={intl.formatMessage(FIELD_LABELS.variables)}
                before={JSON.stringify(before.data.variables, null, 2)}
                after={JSON.stringify(after.data.variables, null, 2)}
              />
              <DiffView label={intl.formatMessage(FIELD_LABELS.defaults)} before={JSON.stringify(before.data.defaults, null, 2)} after={JSON.stringify(after.data.defaults, null, 2)} />
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{intl.formatMessage(CLOSE)}</Button>
      </DialogActions>
    </Dialog>
  );
}
