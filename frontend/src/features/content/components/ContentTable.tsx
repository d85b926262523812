import { Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow } from '@mui/material';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState, StatusChip } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { useListContentQuery } from '../api';
import type { ContentQuery } from '../types';

export function ContentTable({ filters, page, onPage }: { filters: ContentQuery & { workspace: number }; page: number; onPage: (page: number) => void }) {
  const { data, error, isLoading, isFetching, refetch } = useListContentQuery({ ...filters, page });
  if (isLoading) return <LoadingState label="Loading content…" />;
  if (error || !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data.count) return <EmptyState title="No content matches">Save a generation or a batch as content, or change the filters.</EmptyState>;
  return (
    <Paper>
      <TableContainer sx={{ opacity: isFetching ? 0.6 : 1, overflowX: 'auto' }}>
        <Table size="small" aria-label="Content">
          <TableHead>
            <TableRow>
              <TableCell>Title</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Revision</TableCell>
              <TableCell>Edited</TableCell>
              <TableCell>Assignee</TableCell>
              <TableCell>Updated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.results.map((item) => (
              <TableRow key={item.id} hover>
                <TableCell>
                  <Link component={RouterLink} to={`/content/${item.id}`}>
                    {item.title || `Item #${item.id}`}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusChip status={item.status} />
                </TableCell>
                <TableCell>r{item.revision}</TableCell>
                <TableCell>{formatPercent(item.edit_ratio)}</TableCell>
                <TableCell>{item.assignee?.email ?? '—'}</TableCell>
                <TableCell>{formatDateTime(item.updated_at)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination component="div" count={data.count} page={page - 1} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[]} onPageChange={(_e, p) => onPage(p + 1)} />
    </Paper>
  );
}
