import type { SxProps, Theme } from '@mui/material';
import { useState } from 'react';
import { useIntl } from 'react-intl';

import { SearchPicker } from '../../../components';
import { useSearchQuery } from '../../../lib/hooks';
import { useGetProjectQuery, useListProjectsQuery } from '../api';
import type { Project } from '../types';

interface Props {
  workspace: number;
  /** A project id, or '' for none. */
  value: string;
  onChange: (value: string) => void;
  /** The server's message about the field. */
  error?: string;
  /** Say "Optional." under the field (not in a filter bar). */
  hint?: boolean;
  sx?: SxProps<Theme>;
}

/**
 * An optional choice among the workspace's open projects (batches and content go into one),
 * searched by name on the server as the user types: any of them, not only the first page.
 */
export function ProjectPicker({ workspace, value, onChange, error, hint = true, sx }: Props) {
  const intl = useIntl();
  const { search, setQuery } = useSearchQuery();
  const found = useListProjectsQuery({ workspace, archived: 'false', search }, { skip: !workspace });
  const chosen = useChosenProject(value, found.data?.results);
  return (
    <SearchPicker
      found={found}
      onSearch={setQuery}
      value={chosen.project}
      onChange={(project) => {
        chosen.keep(project);
        onChange(project ? String(project.id) : '');
      }}
      optionLabel={(p) => p.name}
      kind="project"
      error={error ?? (chosen.missing ? intl.formatMessage({ id: 'content.projectPicker.missing', defaultMessage: 'Project {id} could not be loaded: choose another.' }, { id: value }) : undefined)}
      hint={hint ? intl.formatMessage({ id: 'content.projectPicker.optional', defaultMessage: 'Optional.' }) : undefined}
      sx={sx}
    />
  );
}

/**
 * The project whose id is `value`: the one the user picked, else among those `listed`, else
 * fetched (one preselected by id, `?project=`, maybe past the first page or archived);
 * `missing` when that fetch failed (a deleted project, say): the field says so.
 */
function useChosenProject(value: string, listed: Project[] | undefined) {
  const [picked, keep] = useState<Project | null>(null);
  const known = [picked, ...(listed ?? [])].find((p) => p && String(p.id) === value);
  const fetched = useGetProjectQuery(Number(value), { skip: !value || Boolean(known) });
  const project = known ?? (fetched.data && String(fetched.data.id) === value ? fetched.data : null);
  return { project, keep, missing: fetched.isError };
}
