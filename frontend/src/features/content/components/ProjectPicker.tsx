import { MenuItem, TextField } from '@mui/material';
import { useIntl } from 'react-intl';

import { useListProjectsQuery } from '../api';

interface Props {
  workspace: number;
  /** A project id, or '' for none. */
  value: string;
  onChange: (value: string) => void;
  /** The server's message about the field. */
  error?: string;
  sx?: object;
}

/** An optional choice among the workspace's open projects (batches and content go into one). */
export function ProjectPicker({ workspace, value, onChange, error, sx }: Props) {
  const intl = useIntl();
  const projects = useListProjectsQuery({ workspace, archived: 'false' }, { skip: !workspace });
  return (
    <TextField
      select
      label={intl.formatMessage({ id: 'content.projectPicker.label', defaultMessage: 'Project' })}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error ?? intl.formatMessage({ id: 'content.projectPicker.optional', defaultMessage: 'Optional.' })}
      sx={sx}
    >
      <MenuItem value="">{intl.formatMessage({ id: 'content.projectPicker.none', defaultMessage: 'None' })}</MenuItem>
      {(projects.data?.results ?? []).map((p) => (
        <MenuItem key={p.id} value={String(p.id)}>
          {p.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
