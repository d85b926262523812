import { Alert } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, FormError, Panel, QueryView } from '../../../components';
import { useApiAction, useConfirmItem, usePage } from '../../../lib/hooks';
import { useDeleteWebhookMutation, useListWebhooksQuery } from '../api';
import type { Webhook } from '../types';
import { NewWebhookForm } from './NewWebhookForm';
import { WebhookCard } from './WebhookCard';

/** The workspace's outgoing webhooks (admins), a page at a time: add, switch on and off, delete, see deliveries. */
export function WebhooksPanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const intl = useIntl();
  const list = usePage(workspace);
  const webhooks = useListWebhooksQuery({ workspace, page: list.page }, { skip: !canManage });
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
      <QueryView
        query={webhooks}
        list={list}
        empty={{
          title: intl.formatMessage({ id: 'content.webhooks.empty', defaultMessage: 'No webhooks' }),
          hint: <FormattedMessage id="content.webhooks.emptyHint" defaultMessage="Add one to tell a CMS or a chat channel when content moves." />,
        }}
      >
        {(rows, footer) => (
          <>
            {rows.map((hook) => (
              <WebhookCard
                key={hook.id}
                workspace={workspace}
                hook={hook}
                open={open === hook.id}
                onToggle={() => setOpen(open === hook.id ? null : hook.id)}
                onDelete={() => deleting.ask(hook)}
                onError={setActionError}
              />
            ))}
            {footer}
          </>
        )}
      </QueryView>
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
