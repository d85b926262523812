import { FormattedMessage, useIntl } from 'react-intl';

import { linkColumn, QueryTable, type Column } from '../../../components';
import { formatDateTime, formatPercent, NO_VALUE } from '../../../lib/format';
import { useListContentQuery } from '../api';
import { ITEM_TEXT, type ContentItem, type ContentQuery } from '../types';
import { ContentStatusChip } from './ContentStatusChip';

function useColumns(): Column<ContentItem>[] {
  const intl = useIntl();
  return [
    linkColumn({
      key: 'title',
      header: <FormattedMessage id="content.table.title" defaultMessage="Title" />,
      to: (item) => `/content/${item.id}`,
      text: (item) => item.title || intl.formatMessage(ITEM_TEXT.untitled, { id: String(item.id) }),
    }),
    { key: 'status', header: <FormattedMessage id="content.table.status" defaultMessage="Status" />, cell: (item) => <ContentStatusChip status={item.status} /> },
    { key: 'revision', header: <FormattedMessage id="content.table.revision" defaultMessage="Revision" />, cell: (item) => intl.formatMessage(ITEM_TEXT.revision, { revision: item.revision }) },
    { key: 'edited', header: <FormattedMessage id="content.table.edited" defaultMessage="Edited" />, cell: (item) => formatPercent(item.edit_ratio) },
    { key: 'assignee', header: <FormattedMessage id="content.table.assignee" defaultMessage="Assignee" />, cell: (item) => item.assignee?.email ?? NO_VALUE },
    { key: 'updated', header: <FormattedMessage id="content.table.updated" defaultMessage="Updated" />, cell: (item) => formatDateTime(item.updated_at) },
  ];
}

export function ContentTable({ filters, page, onPage }: { filters: ContentQuery & { workspace: number }; page: number; onPage: (page: number) => void }) {
  const intl = useIntl();
  const columns = useColumns();
  const content = useListContentQuery({ ...filters, page });
  return (
    <QueryTable
      query={content}
      label={intl.formatMessage({ id: 'content.table.label', defaultMessage: 'Content' })}
      columns={columns}
      hover
      paper
      list={{ page, setPage: onPage }}
      loadingLabel={intl.formatMessage({ id: 'content.table.loading', defaultMessage: 'Loading content…' })}
      empty={{
        title: intl.formatMessage({ id: 'content.table.empty', defaultMessage: 'No content matches' }),
        hint: <FormattedMessage id="content.table.emptyHint" defaultMessage="Save a generation or a batch as content, or change the filters." />,
      }}
    />
  );
}
