import { Box, Stack } from '@mui/material';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router';

import { ErrorState, FormError, LoadingState, PageHeader } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../accounts';
import { SaveGenerationAsContent } from '../../content';
import { useGenerationPolling } from '../useGenerationPolling';
import { AttemptsSection } from './detail/AttemptsSection';
import { DetailActions } from './detail/DetailActions';
import { GenerationSubtitle } from './detail/GenerationSubtitle';
import { OutputSection } from './detail/OutputSection';
import { PromptSection } from './detail/PromptSection';

export function GenerationDetailPage() {
  const intl = useIntl();
  const { id } = useParams();
  const { can } = useCurrentWorkspace();
  const { data: g, error, isLoading, refetch, active } = useGenerationPolling(Number(id));
  const [actionError, setActionError] = useState<ApiError | null>(null);

  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'generations.detail.loading', defaultMessage: 'Loading generation…' })} />;
  if (error || !g) return <ErrorState error={error} title={intl.formatMessage({ id: 'generations.detail.error', defaultMessage: 'Could not load this generation' })} onRetry={refetch} />;

  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'generations.detail.title', defaultMessage: 'Generation #{id}' }, { id: String(g.id) })}
        subtitle={<GenerationSubtitle generation={g} />}
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
