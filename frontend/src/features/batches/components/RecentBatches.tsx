import { Button, Link } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState, linkColumn, QueryTable, SectionCard, StatusChip, type Column } from '../../../components';
import { isNotFound } from '../../../lib/errors';
import { formatCost, formatDateTime, formatNumber, NO_VALUE } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { useCurrentWorkspace } from '../../accounts';

import { useListBatchesQuery } from '../api';
import type { Batch } from '../types';

/** The list has no filters: only its page is in the URL (the list is its page's main one). */
const NO_FILTERS = {};

function batchColumns(withProject: boolean): Column<Batch>[] {
  const columns: (Column<Batch> | null)[] = [
    linkColumn({ key: 'id', header: <FormattedMessage id="batches.column.number" defaultMessage="#" />, to: (b) => `/batches/${b.id}`, text: (b) => b.id }),
    withProject
      ? {
          key: 'project',
          header: <FormattedMessage id="batches.column.project" defaultMessage="Project" />,
          cell: (b) =>
            b.project ? (
              <Link component={RouterLink} to={`/content/projects/${b.project.id}`}>
                {b.project.name}
              </Link>
            ) : (
              NO_VALUE
            ),
        }
      : null,
    { key: 'status', header: <FormattedMessage id="batches.column.status" defaultMessage="Status" />, cell: (b) => <StatusChip status={b.status} /> },
    {
      key: 'progress',
      header: <FormattedMessage id="batches.column.progress" defaultMessage="Progress" />,
      cell: (b) => (
        <FormattedMessage
          id="batches.recent.progress"
          defaultMessage="{done} of {total}"
          values={{ done: formatNumber(b.succeeded + b.failed + b.cancelled), total: formatNumber(b.total) }}
        />
      ),
    },
    { key: 'cost', header: <FormattedMessage id="batches.column.cost" defaultMessage="Cost" />, hideBelow: 'sm', cell: (b) => formatCost(b.cost) },
    { key: 'created', header: <FormattedMessage id="batches.column.created" defaultMessage="Created" />, hideBelow: 'sm', cell: (b) => formatDateTime(b.created_at) },
  ];
  return columns.filter((column) => column !== null);
}

/** The workspace's batches, or a project's (`project`: then no project column), newest first, a page at a time. */
export function RecentBatches({ workspace, project }: { workspace: number; project?: number }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const list = useUrlState(NO_FILTERS);
  const batches = useListBatchesQuery({ workspace, project, page: list.page });
  const columns = batchColumns(!project);
  return (
    <SectionCard
      title={
        project ? (
          <FormattedMessage id="batches.project.title" defaultMessage="Batches in this project" />
        ) : (
          <FormattedMessage id="batches.recent.title" defaultMessage="Recent batches" />
        )
      }
      action={
        project && can('editor') ? (
          <Button component={RouterLink} to={`/batches?project=${project}`}>
            <FormattedMessage id="batches.project.new" defaultMessage="New batch" />
          </Button>
        ) : null
      }
    >
      {/* A 404 past page 1 is a page past the last, which the table steps back from. */}
      {isNotFound(batches.error) && list.page === 1 ? (
        <EmptyState title={intl.formatMessage({ id: 'batches.recent.notAvailable', defaultMessage: 'Batches are not available yet' })}>
          <FormattedMessage id="batches.recent.notListed" defaultMessage="This server does not list batches yet." />
        </EmptyState>
      ) : (
        <QueryTable
          query={batches}
          label={intl.formatMessage({ id: 'batches.recent.table', defaultMessage: 'Batches' })}
          columns={columns}
          hover
          list={list}
          empty={{
            title: project
              ? intl.formatMessage({ id: 'batches.project.none', defaultMessage: 'No batches in this project yet' })
              : intl.formatMessage({ id: 'batches.recent.empty', defaultMessage: 'No batches yet' }),
          }}
        />
      )}
    </SectionCard>
  );
}

/** A project's batches, for its page (the routes put it there: content does not import batches). */
export function ProjectBatches({ project }: { project: number }) {
  const { workspaceId } = useCurrentWorkspace();
  return workspaceId ? <RecentBatches workspace={workspaceId} project={project} /> : null;
}
