import { Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TablePagination, TableRow } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState, ErrorState, LoadingState } from '../../../components';
import { PAGE_SIZE } from '../../../config/constants';
import { formatDateTime, formatPercent, NO_VALUE } from '../../../lib/format';
import { useListContentQuery } from '../api';
import { ITEM_TEXT, type ContentQuery } from '../types';
import { ContentStatusChip } from './ContentStatusChip';

export function ContentTable({ filters, page, onPage }: { filters: ContentQuery & { workspace: number }; page: number; onPage: (page: number) => void }) {
  const intl = useIntl();
  const { data, error, isLoading, isFetching, refetch } = useListContentQuery({ ...filters, page });
  if (isLoading) return <LoadingState label={intl.formatMessage({ id: 'content.table.loading', defaultMessage: 'Loading content…' })} />;
  if (error || !data) return <ErrorState error={error} onRetry={refetch} />;
  if (!data.count) return (
      <EmptyState title={intl.formatMessage({ id: 'content.table.empty', defaultMessage: 'No content matches' })}>
        <FormattedMessage id="content.table.emptyHint" defaultMessage="Save a generation or a batch as content, or change the filters." />
      </EmptyState>
    );
  return (
    <Paper>
      <TableContainer sx={{ opacity: isFetching ? 0.6 : 1, overflowX: 'auto' }}>
        <Table size="small" aria-label={intl.formatMessage({ id: 'content.table.label', defaultMessage: 'Content' })}>
          <TableHead>
            <TableRow>
              <TableCell>
                <FormattedMessage id="content.table.title" defaultMessage="Title" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="content.table.status" defaultMessage="Status" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="content.table.revision" defaultMessage="Revision" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="content.table.edited" defaultMessage="Edited" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="content.table.assignee" defaultMessage="Assignee" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="content.table.updated" defaultMessage="Updated" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.results.map((item) => (
              <TableRow key={item.id} hover>
                <TableCell>
                  <Link component={RouterLink} to={`/content/${item.id}`}>
                    {item.title || intl.formatMessage(ITEM_TEXT.untitled, { id: String(item.id) })}
                  </Link>
                </TableCell>
                <TableCell>
                  <ContentStatusChip status={item.status} />
                </TableCell>
                <TableCell>
                  {intl.formatMessage(ITEM_TEXT.revision, { revision: item.revision })}
                </TableCell>
                <TableCell>{formatPercent(item.edit_ratio)}</TableCell>
                <TableCell>{item.assignee?.email ?? NO_VALUE}</TableCell>
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
