import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { Box, IconButton, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, FormError, Panel, QueryTable, type Column } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { useApiAction, useConfirmItem } from '../../../lib/hooks';
import { useUrlState } from '../../../lib/useUrlState';
import { useListMembersQuery, useRemoveMemberMutation, useUpdateMemberMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import { useRoleLabel } from '../roles';
import type { Member } from '../types';
import { InvitationsSection } from './InvitationsSection';
import { RoleSelect } from './RoleSelect';

export function MembersPanel() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const { workspaceId, can } = useCurrentWorkspace();
  const list = useUrlState({});
  const members = useListMembersQuery({ workspace: workspaceId ?? 0, page: list.page }, { skip: !workspaceId });
  const [updateMember] = useUpdateMemberMutation();
  const [removeMember] = useRemoveMemberMutation();
  const { error: actionError, run } = useApiAction();
  const removing = useConfirmItem((member: Member) => void run(() => removeMember({ workspace: workspaceId!, userId: member.user.id }).unwrap()));
  const isAdmin = can('admin');

  const columns: Column<Member>[] = [
    {
      key: 'member',
      header: intl.formatMessage({ id: 'accounts.members.member', defaultMessage: 'Member' }),
      sx: { overflowWrap: 'anywhere' },
      cell: (member) => (
        <>
          <Typography variant="body2">{[member.user.first_name, member.user.last_name].filter(Boolean).join(' ') || member.user.email}</Typography>
          <Typography variant="caption" color="text.secondary">
            {member.user.email}
          </Typography>
        </>
      ),
    },
    {
      key: 'role',
      header: intl.formatMessage({ id: 'accounts.members.role', defaultMessage: 'Role' }),
      cell: (member) =>
        isAdmin ? (
          <RoleSelect
            size="small"
            value={member.role}
            slotProps={{ htmlInput: { 'aria-label': intl.formatMessage({ id: 'accounts.members.roleOf', defaultMessage: 'Role of {email}' }, { email: member.user.email }) } }}
            onChange={(role) => void run(() => updateMember({ workspace: workspaceId!, userId: member.user.id, role }).unwrap())}
          />
        ) : (
          roleLabel(member.role)
        ),
    },
    { key: 'since', header: intl.formatMessage({ id: 'accounts.members.since', defaultMessage: 'Since' }), hideBelow: 'sm', cell: (member) => formatDateTime(member.created_at) },
    {
      key: 'actions',
      header: (
        <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
          <FormattedMessage id="accounts.members.actions" defaultMessage="Actions" />
        </Box>
      ),
      align: 'right',
      cell: (member) =>
        isAdmin ? (
          <IconButton aria-label={intl.formatMessage({ id: 'accounts.members.remove', defaultMessage: 'Remove {email}' }, { email: member.user.email })} onClick={() => removing.ask(member)}>
            <DeleteOutlineIcon />
          </IconButton>
        ) : null,
    },
  ];

  return (
    <Panel
      title={<FormattedMessage id="accounts.members.title" defaultMessage="Members and roles" />}
      notice={isAdmin ? null : <FormattedMessage id="accounts.members.adminsOnly" defaultMessage="Only admins and owners can manage members." />}
    >
      {isAdmin && workspaceId ? <InvitationsSection workspace={workspaceId} /> : null}
      <FormError error={actionError} />
      <QueryTable
        query={members}
        label={intl.formatMessage({ id: 'accounts.members.table', defaultMessage: 'Members' })}
        columns={columns}
        rowKey={(member) => member.user.id}
        list={list}
        empty={{ title: intl.formatMessage({ id: 'accounts.members.empty', defaultMessage: 'No members yet' }) }}
      />
      <ConfirmItemDialog
        {...removing.dialog}
        title={intl.formatMessage({ id: 'accounts.members.removeTitle', defaultMessage: 'Remove member?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'accounts.members.removeConfirm', defaultMessage: 'Remove' })}
      >
        <FormattedMessage id="accounts.members.removeBody" defaultMessage="{email} will lose access to this workspace." values={{ email: removing.item?.user.email }} />
      </ConfirmItemDialog>
    </Panel>
  );
}
