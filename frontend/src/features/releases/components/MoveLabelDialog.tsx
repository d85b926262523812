import { Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormDialog, FormError } from '../../../components';
import { fieldProps } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { useSetLabelMutation } from '../api';
import { versionText } from '../describe';
import type { Label } from '../types';

interface Draft {
  name: string;
  version: number;
  canary: number | '';
  canaryWeight: number;
  reason: string;
  force: boolean;
}

function initialDraft(label: Label | null, latest: number): Draft {
  const arms = label?.versions ?? [];
  return {
    name: label?.name ?? '',
    version: label?.version ?? arms[0]?.version ?? latest,
    canary: arms.length > 1 ? arms[1].version : '',
    canaryWeight: arms.length > 1 ? arms[1].weight : 10,
    reason: '',
    force: false,
  };
}

/** Create or move a label: to one version, or a canary split of two with weights; with a reason. */
export function MoveLabelDialog({ template, latest, label, onClose }: { template: number; latest: number; label: Label | null; onClose: () => void }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const [draft, setDraft] = useState(() => initialDraft(label, latest));
  const { error, run } = useApiAction();
  const [setLabel, { isLoading }] = useSetLabelMutation();
  const versions = Array.from({ length: latest }, (_, i) => latest - i);
  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  /** A text input's props: the draft's value, its changes, the API's message (else `help`) under it. */
  const text = (key: 'name' | 'reason', help: string) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => change({ [key]: e.target.value }), ...fieldProps(error, key, help) });

  const submit = () => {
    const target =
      draft.canary === ''
        ? { version: draft.version }
        : { versions: [{ version: draft.version, weight: 100 - draft.canaryWeight }, { version: draft.canary, weight: draft.canaryWeight }] };
    return run(async () => {
      await setLabel({ template, name: draft.name.trim(), ...target, reason: draft.reason, force: draft.force }).unwrap();
      onClose();
    });
  };

  const versionItems = versions.map((number) => (
    <MenuItem key={number} value={number}>
      {versionText(intl, number)}
    </MenuItem>
  ));
  return (
    <FormDialog
      onClose={onClose}
      title={
        label ? (
          <FormattedMessage id="releases.move.title" defaultMessage="Move the label {name}" values={{ name: label.name }} />
        ) : (
          <FormattedMessage id="releases.move.newTitle" defaultMessage="New label" />
        )
      }
      actions={
        <Button variant="contained" onClick={() => void submit()} disabled={isLoading || !draft.name.trim()}>
          <FormattedMessage id="releases.move.submit" defaultMessage="Move label" />
        </Button>
      }
    >
      {label ? null : (
        <TextField
          label={intl.formatMessage({ id: 'releases.move.name', defaultMessage: 'Name' })}
          required
          {...text('name', intl.formatMessage({ id: 'releases.move.nameHelp', defaultMessage: 'production, staging, or any name (client-acme)' }))}
        />
      )}
      <TextField
        select
        label={intl.formatMessage({ id: 'releases.move.version', defaultMessage: 'Version' })}
        value={draft.version}
        onChange={(e) => change({ version: Number(e.target.value) })}
        {...fieldProps(error, 'version')}
      >
        {versionItems}
      </TextField>
      <Stack direction="row" spacing={2}>
        <TextField
          select
          label={intl.formatMessage({ id: 'releases.move.canary', defaultMessage: 'Canary version' })}
          value={draft.canary}
          onChange={(e) => change({ canary: e.target.value === '' ? '' : Number(e.target.value) })}
          sx={{ flex: 1 }}
          {...fieldProps(error, 'versions')}
        >
          <MenuItem value="">{intl.formatMessage({ id: 'releases.move.noCanary', defaultMessage: 'None' })}</MenuItem>
          {versionItems}
        </TextField>
        {draft.canary !== '' ? (
          <TextField
            type="number"
            label={intl.formatMessage({ id: 'releases.move.canaryWeight', defaultMessage: 'Canary weight (%)' })}
            value={draft.canaryWeight}
            onChange={(e) => change({ canaryWeight: Number(e.target.value) })}
            slotProps={{ htmlInput: { min: 1, max: 99 } }}
            sx={{ width: 180 }}
          />
        ) : null}
      </Stack>
      <TextField
        label={intl.formatMessage({ id: 'releases.move.reason', defaultMessage: 'Reason' })}
        multiline
        {...text('reason', intl.formatMessage({ id: 'releases.move.reasonHelp', defaultMessage: "Kept in the label's history." }))}
      />
      {can('owner') ? (
        <FormControlLabel
          control={<Checkbox checked={draft.force} onChange={(e) => change({ force: e.target.checked })} />}
          label={intl.formatMessage({ id: 'releases.move.force', defaultMessage: 'Move past its release gate (owners; needs a reason)' })}
        />
      ) : null}
      <FormError error={error} shownFields={['name', 'version', 'versions', 'reason']} />
    </FormDialog>
  );
}
