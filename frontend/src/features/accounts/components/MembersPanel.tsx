import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import {
  Alert,
  Box,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState } from '../../../components';
import { PAGE_SIZE, ROLES, type Role } from '../../../config/constants';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { useListMembersQuery, useRemoveMemberMutation, useUpdateMemberMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import { useRoleLabel } from '../roles';
import type { Member } from '../types';
import { InvitationsSection } from './InvitationsSection';

export function MembersPanel() {
  const intl = useIntl();
  const roleLabel = useRoleLabel();
  const { workspaceId, can } = useCurrentWorkspace();
  const { page, setPage } = useUrlState({});
  const { data, error, isLoading, isFetching, refetch } = useListMembersQuery(
    { workspace: workspaceId ?? 0, page },
    { skip: !workspaceId },
  );
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

  return (
    <Stack spacing={2}>
      <Typography variant="h2">
        <FormattedMessage id="accounts.members.title" defaultMessage="Members and roles" />
      </Typography>
      {!isAdmin ? <Alert severity="info">
          <FormattedMessage id="accounts.members.adminsOnly" defaultMessage="Only admins and owners can manage members." />
        </Alert> : null}
      {isAdmin && workspaceId ? <InvitationsSection workspace={workspaceId} /> : null}
      <FormError error={actionError} />
      {isLoading ? (
        <LoadingState />
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data?.results.length ? (
        <EmptyState title={intl.formatMessage({ id: 'accounts.members.empty', defaultMessage: 'No members yet' })} />
      ) : (
        <TableContainer sx={{ opacity: isFetching ? 0.6 : 1, overflowX: 'auto' }}>
          <Table size="small" aria-label={intl.formatMessage({ id: 'accounts.members.table', defaultMessage: 'Members' })}>
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="accounts.members.member" defaultMessage="Member" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="accounts.members.role" defaultMessage="Role" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                  <FormattedMessage id="accounts.members.since" defaultMessage="Since" />
                </TableCell>
                <TableCell align="right">
                  <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
                    <FormattedMessage id="accounts.members.actions" defaultMessage="Actions" />
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((member) => (
                <TableRow key={member.user.id}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    <Typography variant="body2">{[member.user.first_name, member.user.last_name].filter(Boolean).join(' ') || member.user.email}</Typography>
                    <Typography variant="caption" color="text.secondary">
                      {member.user.email}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {isAdmin ? (
                      <TextField
                        select
                        size="small"
                        value={member.role}
                        fullWidth={false}
                        slotProps={{ htmlInput: { 'aria-label': intl.formatMessage({ id: 'accounts.members.roleOf', defaultMessage: 'Role of {email}' }, { email: member.user.email }) } }}
                        onChange={(e) =>
                          run(updateMember({ workspace: workspaceId!, userId: member.user.id, role: e.target.value as Role }).unwrap())
                        }
                      >
                        {ROLES.map((role) => (
                          <MenuItem key={role} value={role}>
                            {roleLabel(role)}
                          </MenuItem>
                        ))}
                      </TextField>
                    ) : (
                      roleLabel(member.role)
                    )}
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(member.created_at)}</TableCell>
                  <TableCell align="right">
                    {isAdmin ? (
                      <IconButton aria-label={intl.formatMessage({ id: 'accounts.members.remove', defaultMessage: 'Remove {email}' }, { email: member.user.email })} onClick={() => setRemoving(member)}>
                        <DeleteOutlineIcon />
                      </IconButton>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={data.count}
            page={page - 1}
            rowsPerPage={PAGE_SIZE}
            rowsPerPageOptions={[]}
            onPageChange={(_e, next) => setPage(next + 1)}
          />
        </TableContainer>
      )}
      <ConfirmDialog
        open={Boolean(removing)}
        title={intl.formatMessage({ id: 'accounts.members.removeTitle', defaultMessage: 'Remove member?' })}
        danger
        confirmLabel={intl.formatMessage({ id: 'accounts.members.removeConfirm', defaultMessage: 'Remove' })}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) void run(removeMember({ workspace: workspaceId!, userId: removing.user.id }).unwrap());
          setRemoving(null);
        }}
      >
        <FormattedMessage id="accounts.members.removeBody" defaultMessage="{email} will lose access to this workspace." values={{ email: removing?.user.email }} />
      </ConfirmDialog>
    </Stack>
  );
}
