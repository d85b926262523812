import { ListSubheader, MenuItem, TextField } from '@mui/material';
import { useIntl } from 'react-intl';

import { useListLabelsQuery } from '../api';
import { labelTarget, versionText } from '../describe';
import type { Label, Release } from '../types';

const PRODUCTION = 'production';

function keyOf(release: Release, labels: Label[], latest: number): string {
  if (release === null) return labels.some((l) => l.name === PRODUCTION) ? `label:${PRODUCTION}` : `version:${latest}`;
  return 'label' in release ? `label:${release.label}` : `version:${release.version}`;
}

function releaseOf(key: string): Release {
  const [kind, value] = key.split(/:(.*)/s);
  return kind === 'label' ? { label: value } : { version: Number(value) };
}

/** The request fields that run `release`: `{label}`, `{version}`, or none for the API's default. */
export function releaseFields(release: Release): { label?: string; version?: number } {
  return release ?? {};
}

/**
 * Which version to run: one of the template's labels (what each points at shown beside it) or a
 * version by number. Untouched (`null`), it shows the API's own default: `production` when the
 * template has it, else the latest version.
 */
export function LabelPicker({
  template,
  latest,
  value,
  onChange,
  disabled,
  error,
}: {
  template: number;
  latest: number;
  value: Release;
  onChange: (release: Release) => void;
  disabled?: boolean;
  error?: string;
}) {
  const intl = useIntl();
  const { data: labels = [] } = useListLabelsQuery(template);
  const versions = Array.from({ length: latest }, (_, i) => latest - i);
  return (
    <TextField
      select
      label={intl.formatMessage({ id: 'releases.picker.label', defaultMessage: 'Label or version' })}
      value={keyOf(value, labels, latest)}
      onChange={(e) => onChange(releaseOf(e.target.value))}
      disabled={disabled}
      error={Boolean(error)}
      helperText={error}
      sx={{ minWidth: 220 }}
    >
      {labels.length ? (
        <ListSubheader>{intl.formatMessage({ id: 'releases.picker.labels', defaultMessage: 'Labels' })}</ListSubheader>
      ) : null}
      {labels.map((label) => (
        <MenuItem key={`label:${label.name}`} value={`label:${label.name}`}>
          {intl.formatMessage(
            { id: 'releases.picker.labelOption', defaultMessage: '{name} → {target}' },
            { name: label.name, target: labelTarget(intl, label) },
          )}
        </MenuItem>
      ))}
      <ListSubheader>{intl.formatMessage({ id: 'releases.picker.versions', defaultMessage: 'Versions' })}</ListSubheader>
      {versions.map((number) => (
        <MenuItem key={`version:${number}`} value={`version:${number}`}>
          {number === latest
            ? intl.formatMessage({ id: 'releases.picker.latest', defaultMessage: 'version {number} (latest)' }, { number })
            : versionText(intl, number)}
        </MenuItem>
      ))}
    </TextField>
  );
}
