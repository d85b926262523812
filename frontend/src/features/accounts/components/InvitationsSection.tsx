import { Button, List, ListItem, ListItemText, Stack, TextField, Typography } from '@mui/material';
import { useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError, QueryView } from '../../../components';
import type { Role } from '../../../config/constants';
import { fieldProps } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useApiAction, usePage } from '../../../lib/hooks';
import { useCreateInvitationMutation, useListInvitationsQuery, useRevokeInvitationMutation } from '../api';
import { useRoleLabel } from '../roles';
import { RoleSelect } from './RoleSelect';

/** Invite by email (with or without an account; the email carries the link) and the pending invitations, a page at a time. */
export function InvitationsSection({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const list = usePage(workspace);
  const heading = useId();
  const pending = useListInvitationsQuery({ workspace, page: list.page });
  const [invite, { isLoading }] = useCreateInvitationMutation();
  const [revoke] = useRevokeInvitationMutation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [sent, setSent] = useState<string | null>(null);
  const { error, run, submitWith } = useApiAction();
  const submit = submitWith(async () => {
    setSent(null);
    await invite({ workspace, email, role }).unwrap();
    setSent(email);
    setEmail('');
  });
  return (
    <Stack spacing={1.5}>
      <Stack component="form" onSubmit={submit} spacing={1} aria-label={intl.formatMessage({ id: 'accounts.invitations.form', defaultMessage: 'Invite' })}>
        <FormError error={error} shownFields={['email', 'role']} />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
          <TextField label={intl.formatMessage({ id: 'accounts.invitations.email', defaultMessage: 'Email to invite' })} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} {...fieldProps(error, 'email', sent ? intl.formatMessage({ id: 'accounts.invitations.sent', defaultMessage: 'Invitation sent to {email}.' }, { email: sent }) : intl.formatMessage({ id: 'accounts.invitations.emailHelp', defaultMessage: 'They get a link to join; no account needed.' }))} />
          <RoleSelect label={intl.formatMessage({ id: 'accounts.invitations.role', defaultMessage: 'Role' })} value={role} onChange={setRole} sx={{ minWidth: 140 }} {...fieldProps(error, 'role')} />
          <Button type="submit" variant="contained" disabled={!email || isLoading} sx={{ whiteSpace: 'nowrap' }}>
            <FormattedMessage id="accounts.invitations.send" defaultMessage="Send invitation" />
          </Button>
        </Stack>
      </Stack>
      <Stack component="section" spacing={1.5} aria-labelledby={heading}>
        <Typography id={heading} variant="subtitle2">
          <FormattedMessage id="accounts.invitations.pending" defaultMessage="Pending invitations" />
        </Typography>
        <QueryView
          query={pending}
          list={list}
          empty={
            <Typography variant="body2" color="text.secondary">
              <FormattedMessage id="accounts.invitations.none" defaultMessage="None waiting for an answer." />
            </Typography>
          }
        >
          {(rows, footer) => (
            <>
              <List dense aria-label={intl.formatMessage({ id: 'accounts.invitations.pending', defaultMessage: 'Pending invitations' })}>
                {rows.map((i) => (
                  <ListItem key={i.id} divider sx={{ flexWrap: 'wrap', gap: 1 }}>
                    <ListItemText primary={i.email}
                      secondary={intl.formatMessage({ id: 'accounts.invitations.roleAndExpiry', defaultMessage: '{role} · expires {date}' }, { role: roleLabel(i.role), date: formatDateTime(i.expires_at) })}
                      sx={{ minWidth: 180 }} />
                    <Button size="small" color="error" aria-label={intl.formatMessage({ id: 'accounts.invitations.revokeOf', defaultMessage: 'Revoke the invitation of {email}' }, { email: i.email })} onClick={() => run(() => revoke({ workspace, id: i.id }).unwrap())}>
                      <FormattedMessage id="accounts.invitations.revoke" defaultMessage="Revoke" />
                    </Button>
                  </ListItem>
                ))}
              </List>
              {footer}
            </>
          )}
        </QueryView>
      </Stack>
    </Stack>
  );
}
