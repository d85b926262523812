import RocketLaunchOutlinedIcon from '@mui/icons-material/RocketLaunchOutlined';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError } from '../../../components';
import type { Schemas } from '../../../lib/apiTypes';
import { formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { usePromotion } from '../usePromotion';
import { ForceMoveDialog } from './ForceMoveDialog';

/**
 * A version's "Promote to production": moves the label, running the release gate's evaluation
 * first when the gate asks for one, with its progress; an owner may force a refused move.
 */
export function PromoteButton({ template, version }: { template: Pick<Schemas['Template'], 'id' | 'release_gates'>; version: number }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const { promotion, evaluation, promote, force } = usePromotion(template, version);
  const [forcing, setForcing] = useState(false);
  const busy = promotion.step === 'moving' || promotion.step === 'evaluating';
  if (!can('editor')) return null;

  const done = evaluation?.progress.done ?? 0;
  const total = evaluation?.progress.total ?? evaluation?.total ?? 0;
  return (
    <Box sx={{ width: '100%' }}>
      <Button
        size="small"
        startIcon={<RocketLaunchOutlinedIcon />}
        onClick={() => void promote()}
        disabled={busy}
        aria-label={intl.formatMessage({ id: 'releases.promote.aria', defaultMessage: 'Promote version {version} to production' }, { version })}
      >
        <FormattedMessage id="releases.promote.button" defaultMessage="Promote to production" />
      </Button>
      {promotion.step === 'evaluating' ? (
        <Stack spacing={0.5} sx={{ mt: 1 }} role="status">
          <Typography variant="body2">
            {evaluation?.status === 'scoring' ? (
              <FormattedMessage id="releases.promote.scoring" defaultMessage="Checking the outputs against the release gate…" />
            ) : (
              <FormattedMessage
                id="releases.promote.evaluating"
                defaultMessage="Running the release gate's evaluation: {done} of {total, plural, one {# row} other {# rows}}"
                values={{ done, total }}
              />
            )}
          </Typography>
          <LinearProgress
            variant={total ? 'determinate' : 'indeterminate'}
            value={total ? (100 * done) / total : 0}
            aria-label={intl.formatMessage({ id: 'releases.promote.progress', defaultMessage: 'Evaluation progress' })}
          />
        </Stack>
      ) : null}
      {promotion.step === 'promoted' ? (
        <Alert severity="success" sx={{ mt: 1 }}>
          {promotion.forced ? (
            <FormattedMessage id="releases.promote.forced" defaultMessage="Version {version} is in production (forced)." values={{ version }} />
          ) : (
            <FormattedMessage id="releases.promote.done" defaultMessage="Version {version} is in production." values={{ version }} />
          )}
        </Alert>
      ) : null}
      {promotion.step === 'failed' ? (
        <Alert
          severity="warning"
          sx={{ mt: 1 }}
          action={
            can('owner') ? (
              <Button color="inherit" size="small" onClick={() => setForcing(true)}>
                <FormattedMessage id="releases.promote.force" defaultMessage="Force…" />
              </Button>
            ) : undefined
          }
        >
          <FormattedMessage
            id="releases.promote.failed"
            defaultMessage="Not promoted: the release gate needs {required} of the rows to pass, and the evaluation reached {reached}."
            values={{ required: formatPercent(promotion.gate.min_pass_rate), reached: formatPercent(promotion.passRate) }}
          />
          {promotion.error ? <Typography variant="body2">{promotion.error}</Typography> : null}
        </Alert>
      ) : null}
      {promotion.step === 'error' ? <Box sx={{ mt: 1 }}><FormError error={promotion.error} /></Box> : null}
      <ForceMoveDialog
        open={forcing}
        title={intl.formatMessage({ id: 'releases.promote.forceTitle', defaultMessage: 'Force version {version} into production?' }, { version })}
        onClose={() => setForcing(false)}
        onConfirm={(reason) => {
          setForcing(false);
          void force(reason);
        }}
      />
    </Box>
  );
}
