import {
  Button,
  Card,
  CardContent,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';

import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, StatusChip } from '../../../components';
import { isNotFound } from '../../../lib/errors';
import { formatCost, formatDateTime } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';

import { useListBatchesQuery } from '../api';

/** The workspace's latest batches, or a project's (`project`: then no project column). */
export function RecentBatches({ workspace, project }: { workspace: number; project?: number }) {
  const { can } = useCurrentWorkspace();
  const { data, error, isLoading, refetch } = useListBatchesQuery({ workspace, project });
  const intl = useIntl();
  return (
    <Card>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography variant="h2" gutterBottom>
            {project ? <FormattedMessage id="batches.project.title" defaultMessage="Batches in this project" /> : 'Recent batches'}
          </Typography>
          {project && can('editor') ? (
            <Button component={RouterLink} to={`/batches?project=${project}`}>
              <FormattedMessage id="batches.project.new" defaultMessage="New batch" />
            </Button>
          ) : null}
        </Stack>
        {isLoading ? (
          <LoadingState />
        ) : error ? (
          isNotFound(error) ? (
            <EmptyState title="Batches are not available yet">This server does not list batches yet.</EmptyState>
          ) : (
            <ErrorState error={error} onRetry={refetch} />
          )
        ) : !data?.results.length ? (
          <EmptyState title={project ? intl.formatMessage({ id: 'batches.project.none', defaultMessage: 'No batches in this project yet' }) : 'No batches yet'} />
        ) : (
          <Table size="small" aria-label="Batches">
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
                {project ? null : (
                  <TableCell>
                    <FormattedMessage id="batches.list.project" defaultMessage="Project" />
                  </TableCell>
                )}
                <TableCell>Status</TableCell>
                <TableCell>Progress</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Cost</TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>Created</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.results.map((b) => (
                <TableRow key={b.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/batches/${b.id}`}>
                      {b.id}
                    </Link>
                  </TableCell>
                  {project ? null : (
                    <TableCell>
                      {b.project ? (
                        <Link component={RouterLink} to={`/content/projects/${b.project.id}`}>
                          {b.project.name}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                  )}
                  <TableCell>
                    <StatusChip status={b.status} />
                  </TableCell>
                  <TableCell>
                    {b.succeeded + b.failed + b.cancelled}/{b.total}
                  </TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatCost(b.cost)}</TableCell>
                  <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{formatDateTime(b.created_at)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** A project's batches, for its page (the routes put it there: content does not import batches). */
export function ProjectBatches({ project }: { project: number }) {
  const { workspaceId } = useCurrentWorkspace();
  return workspaceId ? <RecentBatches workspace={workspaceId} project={project} /> : null;
}
