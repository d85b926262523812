import {
  Card,
  CardContent,
  Link,
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
import { formatCost, formatDateTime, formatNumber } from '../../../lib/format';

import { useListBatchesQuery } from '../api';

export function RecentBatches({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useListBatchesQuery({ workspace });
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          <FormattedMessage id="batches.recent.title" defaultMessage="Recent batches" />
        </Typography>
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
          <EmptyState title={intl.formatMessage({ id: 'batches.recent.empty', defaultMessage: 'No batches yet' })} />
        ) : (
          <Table size="small" aria-label={intl.formatMessage({ id: 'batches.recent.table', defaultMessage: 'Batches' })}>
            <TableHead>
              <TableRow>
                <TableCell>
                  <FormattedMessage id="batches.column.number" defaultMessage="#" />
                </TableCell>
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
