import { Alert, Autocomplete, Box, Button, TextField } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';

import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../../components';
import { useDebounced } from '../../../lib/hooks';
import { useCurrentWorkspace } from '../../accounts';
import { useGetTemplateQuery, useListTemplatesQuery, type Template } from '../../templates';
import { GenerateForm } from './GenerateForm';

export function GeneratePage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const templateId = Number(params.get('template')) || null;
  const [query, setQuery] = useState('');
  const search = useDebounced(query, 300);
  const templates = useListTemplatesQuery({ workspace: workspaceId ?? 0, search, ordering: 'name' }, { skip: !workspaceId });
  const template = useGetTemplateQuery(templateId ?? 0, { skip: !templateId });
  const options = templates.data?.results ?? [];
  const selected = template.data ?? null;

  return (
    <Box>
      <PageHeader title="Generate" subtitle="Fill in a template's variables and run it on a provider." />
      {!can('editor') ? <Alert severity="info" sx={{ mb: 2 }}>Viewers can read results but not run generations.</Alert> : null}
      <Autocomplete
        sx={{ mb: 2, maxWidth: 640 }}
        options={selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options}
        value={selected}
        getOptionLabel={(t: Template) => `${t.name} (v${t.current_version?.number ?? '?'})`}
        isOptionEqualToValue={(a, b) => a.id === b.id}
        onChange={(_e, t) => setParams(t ? { template: String(t.id) } : {})}
        onInputChange={(_e, value, reason) => reason === 'input' && setQuery(value)}
        loading={templates.isFetching}
        filterOptions={(x) => x}
        renderInput={(p) => <TextField {...p} label="Template" placeholder="Search templates" />}
      />
      {templates.error ? <ErrorState error={templates.error} title="Could not load templates" onRetry={templates.refetch} /> : null}
      {!templateId ? (
        templates.data && !templates.data.results.length && !search ? (
          <EmptyState
            title="No templates yet"
            action={
              <Button component={RouterLink} to="/templates/new" variant="contained">
                Create a template
              </Button>
            }
          />
        ) : (
          <EmptyState title="Pick a template">Its variables become the form.</EmptyState>
        )
      ) : template.isLoading ? (
        <LoadingState label="Loading template…" />
      ) : template.error || !selected ? (
        <ErrorState error={template.error} title="Could not load this template" onRetry={template.refetch} />
      ) : workspaceId ? (
        <GenerateForm key={`${selected.id}-${selected.current_version.number}`} template={selected} workspace={workspaceId} canRun={can('editor')} />
      ) : null}
    </Box>
  );
}
