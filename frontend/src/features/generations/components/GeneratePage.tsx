import { Box } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';

import { ErrorState, LoadingState, PageHeader } from '../../../components';
import { useCurrentWorkspace } from '../../accounts';
import { TemplatePicker, useGetTemplateQuery, useTemplateSearch } from '../../templates';
import { GenerateForm } from './GenerateForm';
import { NoTemplateChosen } from './generate/NoTemplateChosen';

export function GeneratePage() {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const templateId = Number(params.get('template')) || null;
  const search = useTemplateSearch(workspaceId);
  const template = useGetTemplateQuery(templateId ?? 0, { skip: !templateId });
  const selected = template.data ?? null;

  const body = () => {
    if (!templateId) return <NoTemplateChosen noneYet={search.none} />;
    if (template.isLoading) return <LoadingState label={intl.formatMessage({ id: 'generations.generate.loadingTemplate', defaultMessage: 'Loading template…' })} />;
    if (template.error || !selected) return <ErrorState error={template.error} title={intl.formatMessage({ id: 'generations.generate.templateError', defaultMessage: 'Could not load this template' })} onRetry={template.refetch} />;
    if (!workspaceId) return null;
    return <GenerateForm key={`${selected.id}-${selected.current_version.number}`} template={selected} workspace={workspaceId} canRun={can('editor')} />;
  };

  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'generations.generate.title', defaultMessage: 'Generate' })}
        subtitle={intl.formatMessage({ id: 'generations.generate.subtitle', defaultMessage: "Fill in a template's variables and run it on a provider." })}
        notice={can('editor') ? null : <FormattedMessage id="generations.generate.viewerOnly" defaultMessage="Viewers can read results but not run generations." />}
      />
      <TemplatePicker search={search} value={selected} onChange={(t) => setParams(t ? { template: String(t.id) } : {})} sx={{ mb: 2, maxWidth: 640 }} />
      {body()}
    </Box>
  );
}
