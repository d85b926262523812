import { Alert, Box, Button, Card, CardContent, Chip, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import type { ApiError } from '../../../lib/errors';
import { useApiAction } from '../../../lib/hooks';
import { useUpdateWebhookMutation } from '../api';
import type { Webhook } from '../types';
import { DeliveryLog } from './DeliveryLog';

/** One webhook: its URL, events and health; switch it on and off, open its delivery log (`open`), ask to delete it. */
export function WebhookCard({
  workspace,
  hook,
  open,
  onToggle,
  onDelete,
  onError,
}: {
  workspace: number;
  hook: Webhook;
  open: boolean;
  onToggle: () => void;
  onDelete: () => void;
  onError: (error: ApiError | null) => void;
}) {
  const intl = useIntl();
  const [update] = useUpdateWebhookMutation();
  const { run } = useApiAction(onError);
  return (
    <Card variant="outlined" aria-label={intl.formatMessage({ id: 'content.webhooks.card', defaultMessage: 'Webhook {url}' }, { url: hook.url })}>
      <CardContent>
        <Stack spacing={1}>
          <Typography sx={{ wordBreak: 'break-all', fontWeight: 500 }}>{hook.url}</Typography>
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {hook.events.map((event) => (
              <Chip key={event} size="small" label={event} />
            ))}
          </Stack>
          {hook.disabled_reason ? (
            <Alert severity="error">
              <FormattedMessage id="content.webhooks.disabled" defaultMessage="Switched off: {reason}" values={{ reason: hook.disabled_reason }} />
            </Alert>
          ) : null}
          {hook.consecutive_failures ? (
            <Typography color="warning.main">
              <FormattedMessage
                id="content.webhooks.failures"
                defaultMessage="{count, plural, one {# failure in a row} other {# failures in a row}}"
                values={{ count: hook.consecutive_failures }}
              />
            </Typography>
          ) : null}
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <FormControlLabel control={<Switch checked={hook.active ?? false} onChange={(e) => run(() => update({ workspace, id: hook.id, active: e.target.checked }).unwrap())} />} label={intl.formatMessage({ id: 'content.webhooks.active', defaultMessage: 'Active' })} />
            <Button onClick={onToggle} aria-expanded={open}>
              {open ? <FormattedMessage id="content.webhooks.hideDeliveries" defaultMessage="Hide deliveries" /> : <FormattedMessage id="content.webhooks.deliveries" defaultMessage="Deliveries" />}
            </Button>
            <Button color="error" onClick={onDelete}>
              <FormattedMessage id="content.webhooks.delete" defaultMessage="Delete" />
            </Button>
          </Stack>
          {open ? (
            <Box>
              <DeliveryLog workspace={workspace} hook={hook.id} onError={onError} />
            </Box>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
