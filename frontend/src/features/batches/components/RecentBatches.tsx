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

import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, StatusChip } from '../../../components';
import { isNotFound } from '../../../lib/errors';
import { formatCost, formatDateTime } from '../../../lib/format';

import { useListBatchesQuery } from '../api';

export function RecentBatches({ workspace }: { workspace: number }) {
  const { data, error, isLoading, refetch } = useListBatchesQuery({ workspace });
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Recent batches
        </Typography>
        {isLoading ? (
          <LoadingState />
        ) : error ? (
          isNotFound(error) ? (
            <EmptyState title="Batches are not available yet">This server does not list batches yet.</EmptyState>
          ) : (
            <ErrorState error={error} onRetry={refetch} />
          )
        ) : !data?.results.length ? (
          <EmptyState title="No batches yet" />
        ) : (
          <Table size="small" aria-label="Batches">
            <TableHead>
              <TableRow>
                <TableCell>#</TableCell>
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
