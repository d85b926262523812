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
import { formatCost, formatDateTime, formatNumber, NO_VALUE } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';

import { useListBatchesQuery } from '../api';

/** The workspace's latest batches, or a project's (`project`: then no project column). */
export function RecentBatches({ workspace, project }: { workspace: number; project?: number }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const { data, error, isLoading, refetch } = useListBatchesQuery({ workspace, project });
  return (
    <Card>
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography variant="h2" gutterBottom>
            {project ? (
              <FormattedMessage id="batches.project.title" defaultMessage="Batches in this project" />
            ) : (
              <FormattedMessage id="batches.recent.title" defaultMessage="Recent batches" />
            )}
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
            <EmptyState title={intl.formatMessage({ id: 'batches.recent.notAvailable', defaultMessage: 'Batches are not available yet' })}>
              <FormattedMessage id="batches.recent.notListed" defaultMessage="This server does not list batches yet." />
            </EmptyState>
          ) : (
            <ErrorState error={error} onRetry={refetch} />
          )
        ) : !data?.results.length ? (
          <EmptyState
            title={
              project
                ? intl.formatMessage({ id: 'batches.project.none', defaultMessage: 'No batches in this project yet' })
                : intl.formatMessage({ id: 'batches.recent.empty', defaultMessage: 'No batches yet' })
            }
          />
        ) : (
          <Table size="small" aria-label={intl.formatMessage({ id: 'batches.recent.table', defaultMessage: 'Batches' })}>
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="batches.column.number" defaultMessage="#" />
                </TableCell>
                {project ? null : (
                  <TableCell>
                    <FormattedMessage id="batches.column.project" defaultMessage="Project" />
                  </TableCell>
                )}
                <TableCell>
                  <FormattedMessage id="batches.column.status" defaultMessage="Status" />
                </TableCell>
                <TableCell>
                  <FormattedMessage id="batches.column.progress" defaultMessage="Progress" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                  <FormattedMessage id="batches.column.cost" defaultMessage="Cost" />
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>
                  <FormattedMessage id="batches.column.created" defaultMessage="Created" />
                </TableCell>
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
                        NO_VALUE
                      )}
                    </TableCell>
                  )}
                  <TableCell>
                    <StatusChip status={b.status} />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage
                      id="batches.recent.progress"
                      defaultMessage="{done} of {total}"
                      values={{ done: formatNumber(b.succeeded + b.failed + b.cancelled), total: formatNumber(b.total) }}
                    />
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
