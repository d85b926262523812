import { Link } from '@mui/material';
import { Link as RouterLink } from 'react-router';

import { EmptyState, QueryTable, StatusChip, type Column } from '../../../components';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { useListContentQuery } from '../api';
import type { ContentItem, ContentQuery } from '../types';

const COLUMNS: Column<ContentItem>[] = [
  {
    key: 'title',
    header: 'Title',
    cell: (item) => (
      <Link component={RouterLink} to={`/content/${item.id}`}>
        {item.title || `Item #${item.id}`}
      </Link>
    ),
  },
  { key: 'status', header: 'Status', cell: (item) => <StatusChip status={item.status} /> },
  { key: 'revision', header: 'Revision', cell: (item) => `r${item.revision}` },
  { key: 'edited', header: 'Edited', cell: (item) => formatPercent(item.edit_ratio) },
  { key: 'assignee', header: 'Assignee', cell: (item) => item.assignee?.email ?? '—' },
  { key: 'updated', header: 'Updated', cell: (item) => formatDateTime(item.updated_at) },
];

export function ContentTable({ filters, page, onPage }: { filters: ContentQuery & { workspace: number }; page: number; onPage: (page: number) => void }) {
  const content = useListContentQuery({ ...filters, page });
  return (
    <QueryTable
      query={content}
      label="Content"
      columns={COLUMNS}
      rowKey={(item) => item.id}
      hover
      paper
      page={page}
      onPageChange={onPage}
      loadingLabel="Loading content…"
      empty={<EmptyState title="No content matches">Save a generation or a batch as content, or change the filters.</EmptyState>}
    />
  );
}
