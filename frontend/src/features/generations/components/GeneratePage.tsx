import { Alert, Box } from '@mui/material';
import { useSearchParams } from 'react-router';

import { ErrorState, LoadingState, PageHeader } from '../../../components';
import { useCurrentWorkspace } from '../../accounts';
import { useGetTemplateQuery } from '../../templates';
import { GenerateForm } from './GenerateForm';
import { NoTemplateChosen } from './generate/NoTemplateChosen';
import { TemplatePicker } from './generate/TemplatePicker';
import { useTemplateSearch } from './generate/useTemplateSearch';

export function GeneratePage() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const templateId = Number(params.get('template')) || null;
  const search = useTemplateSearch(workspaceId);
  const template = useGetTemplateQuery(templateId ?? 0, { skip: !templateId });
  const selected = template.data ?? null;
  const { error: listError, refetch: reloadList } = search.templates;

  const body = () => {
    if (!templateId) return <NoTemplateChosen noneYet={search.none} />;
    if (template.isLoading) return <LoadingState label="Loading template…" />;
    if (template.error || !selected) return <ErrorState error={template.error} title="Could not load this template" onRetry={template.refetch} />;
    if (!workspaceId) return null;
    return <GenerateForm key={`${selected.id}-${selected.current_version.number}`} template={selected} workspace={workspaceId} canRun={can('editor')} />;
  };

  return (
    <Box>
      <PageHeader title="Generate" subtitle="Fill in a template's variables and run it on a provider." />
      {!can('editor') ? <Alert severity="info" sx={{ mb: 2 }}>Viewers can read results but not run generations.</Alert> : null}
      <TemplatePicker search={search} selected={selected} onChange={(t) => setParams(t ? { template: String(t.id) } : {})} />
      {listError ? <ErrorState error={listError} title="Could not load templates" onRetry={reloadList} /> : null}
      {body()}
    </Box>
  );
}
