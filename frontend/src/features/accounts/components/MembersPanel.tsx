import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { Alert, Box, IconButton, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, FormError, QueryTable, type Column } from '../../../components';
import { ROLES, type Role } from '../../../config/constants';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { useListMembersQuery, useRemoveMemberMutation, useUpdateMemberMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import type { Member } from '../types';
import { InvitationsSection } from './InvitationsSection';

export function MembersPanel() {
  const { workspaceId, can } = useCurrentWorkspace();
  const { page, setPage } = useUrlState({});
  const members = useListMembersQuery({ workspace: workspaceId ?? 0, page }, { skip: !workspaceId });
  const [updateMember] = useUpdateMemberMutation();
  const [removeMember] = useRemoveMemberMutation();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const isAdmin = can('admin');

  const run = async (promise: Promise<unknown>) => {
    setActionError(null);
    try {
      await promise;
    } catch (err) {
      setActionError(toApiError(err));
    }
  };

  const columns: Column<Member>[] = [
    {
      key: 'member',
      header: 'Member',
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
      header: 'Role',
      cell: (member) =>
        isAdmin ? (
          <TextField
            select
            size="small"
            value={member.role}
            fullWidth={false}
            slotProps={{ htmlInput: { 'aria-label': `Role of ${member.user.email}` } }}
            onChange={(e) => run(updateMember({ workspace: workspaceId!, userId: member.user.id, role: e.target.value as Role }).unwrap())}
          >
            {ROLES.map((role) => (
              <MenuItem key={role} value={role}>
                {role}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          member.role
        ),
    },
    { key: 'since', header: 'Since', hideBelow: 'sm', cell: (member) => formatDateTime(member.created_at) },
    {
      key: 'actions',
      header: (
        <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
          Actions
        </Box>
      ),
      align: 'right',
      cell: (member) =>
        isAdmin ? (
          <IconButton aria-label={`Remove ${member.user.email}`} onClick={() => setRemoving(member)}>
            <DeleteOutlineIcon />
          </IconButton>
        ) : null,
    },
  ];

  return (
    <Stack spacing={2}>
      <Typography variant="h2">Members and roles</Typography>
      {!isAdmin ? <Alert severity="info">Only admins and owners can manage members.</Alert> : null}
      {isAdmin && workspaceId ? <InvitationsSection workspace={workspaceId} /> : null}
      <FormError error={actionError} />
      <QueryTable
        query={members}
        label="Members"
        columns={columns}
        rowKey={(member) => member.user.id}
        page={page}
        onPageChange={setPage}
        empty={<EmptyState title="No members yet" />}
      />
      <ConfirmDialog
        open={Boolean(removing)}
        title="Remove member?"
        danger
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) void run(removeMember({ workspace: workspaceId!, userId: removing.user.id }).unwrap());
          setRemoving(null);
        }}
      >
        {removing?.user.email} will lose access to this workspace.
      </ConfirmDialog>
    </Stack>
  );
}
