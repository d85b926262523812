import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import {
  Alert,
  Button,
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
import { useState, type FormEvent } from 'react';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState } from '../../../components';
import { PAGE_SIZE, ROLES, type Role } from '../../../config/constants';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useInviteMemberMutation, useListMembersQuery, useRemoveMemberMutation, useUpdateMemberMutation } from '../api';
import { useCurrentWorkspace } from '../hooks';
import type { Member } from '../types';

export function MembersPanel() {
  const { workspaceId, can } = useCurrentWorkspace();
  const [page, setPage] = useState(1);
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
      <Typography variant="h2">Members and roles</Typography>
      {!isAdmin ? <Alert severity="info">Only admins and owners can manage members.</Alert> : null}
      {isAdmin && workspaceId ? <InviteForm workspace={workspaceId} /> : null}
      <FormError error={actionError} />
      {isLoading ? (
        <LoadingState />
      ) : error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !data?.results.length ? (
        <EmptyState title="No members yet" />
      ) : (
        <TableContainer sx={{ opacity: isFetching ? 0.6 : 1 }}>
          <Table size="small" aria-label="Members">
            <TableHead>
              <TableRow>
                <TableCell>Member</TableCell>
                <TableCell>Role</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Since</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((member) => (
                <TableRow key={member.user.id}>
                  <TableCell>
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
                        slotProps={{ htmlInput: { 'aria-label': `Role of ${member.user.email}` } }}
                        onChange={(e) =>
                          run(updateMember({ workspace: workspaceId!, userId: member.user.id, role: e.target.value as Role }).unwrap())
                        }
                      >
                        {ROLES.map((role) => (
                          <MenuItem key={role} value={role}>
                            {role}
                          </MenuItem>
                        ))}
                      </TextField>
                    ) : (
                      member.role
                    )}
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(member.created_at)}</TableCell>
                  <TableCell align="right">
                    {isAdmin ? (
                      <IconButton aria-label={`Remove ${member.user.email}`} onClick={() => setRemoving(member)}>
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
        title="Remove member?"
        danger
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) run(removeMember({ workspace: workspaceId!, userId: removing.user.id }).unwrap());
          setRemoving(null);
        }}
      >
        {removing?.user.email} will lose access to this workspace.
      </ConfirmDialog>
    </Stack>
  );
}

function InviteForm({ workspace }: { workspace: number }) {
  const [invite, { isLoading }] = useInviteMemberMutation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await invite({ workspace, email, role }).unwrap();
      setEmail('');
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Stack component="form" onSubmit={submit} spacing={1}>
      <FormError error={error} shownFields={['email', 'role']} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          label="Email of an existing user"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={Boolean(fieldMessage(error, 'email'))}
          helperText={fieldMessage(error, 'email')}
        />
        <TextField
          select
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          sx={{ minWidth: 140 }}
          fullWidth={false}
          error={Boolean(fieldMessage(error, 'role'))}
          helperText={fieldMessage(error, 'role')}
        >
          {ROLES.map((r) => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <Button type="submit" variant="contained" disabled={!email || isLoading} sx={{ whiteSpace: 'nowrap' }}>
          Add member
        </Button>
      </Stack>
    </Stack>
  );
}
