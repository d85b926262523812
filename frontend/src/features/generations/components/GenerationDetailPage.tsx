import { Box, Stack } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';

import { ErrorState, FormError, LoadingState, PageHeader } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { SaveGenerationAsContent } from '../../content';
import { useGetGenerationQuery } from '../api';
import { AttemptsSection } from './detail/AttemptsSection';
import { DetailActions } from './detail/DetailActions';
import { OutputSection } from './detail/OutputSection';
import { PromptSection } from './detail/PromptSection';

export function GenerationDetailPage() {
  const { id } = useParams();
  const { can } = useCurrentWorkspace();
  const [pending, setPending] = useState(true);
  const { data: g, error, isLoading, refetch } = useGetGenerationQuery(Number(id), { pollingInterval: pending ? 2000 : 0 });
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const active = g ? g.status === 'queued' || g.status === 'running' : true;
  if (active !== pending) setPending(active);

  if (isLoading) return <LoadingState label="Loading generation…" />;
  if (error || !g) return <ErrorState error={error} title="Could not load this generation" onRetry={refetch} />;

  return (
    <Box>
      <PageHeader
        title={`Generation #${g.id}`}
        subtitle={
          <>
            {g.template_name ? (
              <RouterLink to={`/templates/${g.template}`}>
                {g.template_name}
                {g.template_version ? ` v${g.template_version}` : ''}
              </RouterLink>
            ) : (
              'No template'
            )}{' '}
            · {formatDateTime(g.created_at)} · {g.mode}
          </>
        }
        actions={
          <>
            <SaveGenerationAsContent generation={g.id} succeeded={g.status === 'succeeded'} item={g.content_item} editRatio={g.content_edit_ratio} />
            <DetailActions generation={g} canEdit={can('editor')} onError={setActionError} />
          </>
        }
      />
      <FormError error={actionError} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' } }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <OutputSection generation={g} active={active} />
          <PromptSection generation={g} />
        </Stack>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <AttemptsSection generation={g} />
        </Stack>
      </Box>
    </Box>
  );
}
