import { Alert, Box, Button, Card, CardContent, Chip, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, EmptyState, ErrorState, FormError, LoadingState, Panel, ShownOfCount } from '../../../components';
import { useApiAction, useConfirmItem } from '../../../lib/hooks';
import { useDeleteWebhookMutation, useListWebhooksQuery, useUpdateWebhookMutation } from '../api';
import type { Webhook } from '../types';
import { DeliveryLog } from './DeliveryLog';
import { NewWebhookForm } from './NewWebhookForm';

/** The workspace's outgoing webhooks (admins): add, switch on and off, delete, see deliveries. */
export function WebhooksPanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useListWebhooksQuery(workspace, { skip: !canManage });
  const [update] = useUpdateWebhookMutation();
  const [remove] = useDeleteWebhookMutation();
  const [open, setOpen] = useState<number | null>(null);
  const { error: actionError, setError: setActionError, run: act } = useApiAction();
  const deleting = useConfirmItem((hook: Webhook) => void act(() => remove({ workspace, id: hook.id }).unwrap()));

  if (!canManage) return (
      <Alert severity="info">
        <FormattedMessage id="content.webhooks.adminsOnly" defaultMessage="Only admins and owners can manage webhooks." />
      </Alert>
    );

  return (
    <Panel title={<FormattedMessage id="content.webhooks.title" defaultMessage="Webhooks" />}>
      <NewWebhookForm workspace={workspace} />
      <FormError error={actionError} />
      {isLoading ? <LoadingState /> : null}
      {error ? <ErrorState error={error} onRetry={refetch} /> : null}
      {data && !data.results.length ? (
        <EmptyState title={intl.formatMessage({ id: 'content.webhooks.empty', defaultMessage: 'No webhooks' })}>
          <FormattedMessage id="content.webhooks.emptyHint" defaultMessage="Add one to tell a CMS or a chat channel when content moves." />
        </EmptyState>
      ) : null}
      {data?.results.map((hook) => (
        <Card key={hook.id} variant="outlined" aria-label={intl.formatMessage({ id: 'content.webhooks.card', defaultMessage: 'Webhook {url}' }, { url: hook.url })}>
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
                <FormControlLabel control={<Switch checked={hook.active ?? false} onChange={(e) => act(() => update({ workspace, id: hook.id, active: e.target.checked }).unwrap())} />} label={intl.formatMessage({ id: 'content.webhooks.active', defaultMessage: 'Active' })} />
                <Button onClick={() => setOpen(open === hook.id ? null : hook.id)} aria-expanded={open === hook.id}>
                  {open === hook.id ? <FormattedMessage id="content.webhooks.hideDeliveries" defaultMessage="Hide deliveries" /> : <FormattedMessage id="content.webhooks.deliveries" defaultMessage="Deliveries" />}
                </Button>
                <Button color="error" onClick={() => deleting.ask(hook)}>
                  <FormattedMessage id="content.webhooks.delete" defaultMessage="Delete" />
                </Button>
              </Stack>
              {open === hook.id ? (
                <Box>
                  <DeliveryLog workspace={workspace} hook={hook.id} onError={setActionError} />
                </Box>
              ) : null}
            </Stack>
          </CardContent>
        </Card>
      ))}
      {data ? <ShownOfCount shown={data.results.length} count={data.count} /> : null}
      <ConfirmItemDialog
        {...deleting.dialog}
        title={intl.formatMessage({ id: 'content.webhooks.deleteTitle', defaultMessage: 'Delete this webhook?' })}
        confirmLabel={intl.formatMessage({ id: 'content.webhooks.delete', defaultMessage: 'Delete' })}
        danger
      >
        <FormattedMessage id="content.webhooks.deleteBody" defaultMessage="{url} stops receiving events; its delivery log goes with it." values={{ url: deleting.item?.url }} />
      </ConfirmItemDialog>
    </Panel>
  );
}
