import { Box, Button } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';

import { StatusChip } from '../../../../components';
import type { ApiError } from '../../../../lib/errors';
import { useApiAction } from '../../../../lib/hooks';
import { useCancelGenerationMutation, useRetryGenerationMutation } from '../../api';
import { isActive, type Generation } from '../../types';

/** The status, and Cancel (while queued or running) or Retry (once failed or cancelled) for editors. */
export function DetailActions({ generation: g, canEdit, onError }: { generation: Generation; canEdit: boolean; onError: (error: ApiError | null) => void }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [cancel, { isLoading: cancelling }] = useCancelGenerationMutation();
  const [retry, { isLoading: retrying }] = useRetryGenerationMutation();
  const { run: act } = useApiAction(onError);
  return (
    <>
      <Box component="span" role="status" aria-label={intl.formatMessage({ id: 'generations.detail.status', defaultMessage: 'Generation status' })}>
        <StatusChip status={g.status} />
      </Box>
      {canEdit && isActive(g.status) ? (
        <Button color="warning" disabled={cancelling} onClick={() => act(async () => void (await cancel(g.id).unwrap()))}>
          <FormattedMessage id="generations.detail.cancel" defaultMessage="Cancel" />
        </Button>
      ) : null}
      {canEdit && (g.status === 'failed' || g.status === 'cancelled') ? (
        <Button
          disabled={retrying}
          onClick={() =>
            act(async () => {
              const next = await retry(g.id).unwrap();
              if (next.id !== g.id) navigate(`/history/${next.id}`);
            })
          }
        >
          <FormattedMessage id="generations.detail.retry" defaultMessage="Retry" />
        </Button>
      ) : null}
    </>
  );
}
