import { Card, CardContent, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { defineMessage, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';

import { EmptyState, ErrorState, LoadingState } from '../../../components';
import { formatCost, formatDuration, formatNumber, formatPercent } from '../../../lib/format';
import type { Quality, QualityRow } from '../types';

interface QualityQuery {
  data?: Quality;
  error?: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

/** The figures of each row, in order after its name: a heading and the value in the user's locale. */
const COLUMNS: { heading: MessageDescriptor; value: (row: QualityRow) => ReactNode }[] = [
  { heading: defineMessage({ id: 'analytics.quality.created', defaultMessage: 'Created' }), value: (row) => formatNumber(row.items_created) },
  { heading: defineMessage({ id: 'analytics.quality.approved', defaultMessage: 'Approved' }), value: (row) => formatNumber(row.items_approved) },
  { heading: defineMessage({ id: 'analytics.quality.published', defaultMessage: 'Published' }), value: (row) => formatNumber(row.items_published) },
  { heading: defineMessage({ id: 'analytics.quality.approvalRate', defaultMessage: 'Approval rate' }), value: (row) => formatPercent(row.approval_rate) },
  {
    heading: defineMessage({ id: 'analytics.quality.edited', defaultMessage: 'Edited (median / p90)' }),
    value: (row) => (
      <FormattedMessage
        id="analytics.quality.editedValue"
        defaultMessage="{median} / {p90}"
        values={{ median: formatPercent(row.edit_ratio_median), p90: formatPercent(row.edit_ratio_p90) }}
      />
    ),
  },
  { heading: defineMessage({ id: 'analytics.quality.timeToApproval', defaultMessage: 'Time to approval' }), value: (row) => formatDuration(row.time_to_approval_median_seconds) },
  { heading: defineMessage({ id: 'analytics.quality.rating', defaultMessage: 'Rating' }), value: (row) => formatNumber(row.rating_mean, 1) },
  { heading: defineMessage({ id: 'analytics.quality.costPerApproved', defaultMessage: 'Cost per approved item' }), value: (row) => formatCost(row.cost_per_approved_item) },
];

function QualityTable({ rows, label }: { rows: QualityRow[]; label: string }) {
  const intl = useIntl();
  if (!rows.length) {
    return (
      <EmptyState title={intl.formatMessage({ id: 'analytics.quality.empty', defaultMessage: 'No content in this range' })}>
        <FormattedMessage id="analytics.quality.emptyHint" defaultMessage="Save generations as content to see how much people change them." />
      </EmptyState>
    );
  }
  return (
    <TableContainer sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>{label}</TableCell>
            {COLUMNS.map((column) => (
              <TableCell key={column.heading.id} align="right">
                {intl.formatMessage(column.heading)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.id}-${row.label}`}>
              <TableCell>{row.label}</TableCell>
              {COLUMNS.map((column) => (
                <TableCell key={column.heading.id} align="right">
                  {column.value(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** How much people change the AI's text, and what an approved item costs, per version or project. */
export function QualityCard({ query, subtitle }: { query: QualityQuery; subtitle?: ReactNode }) {
  const intl = useIntl();
  const [by, setBy] = useState<'template_versions' | 'projects'>('template_versions');
  return (
    <Card>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          <FormattedMessage id="analytics.quality.title" defaultMessage="Content quality" />
        </Typography>
        {subtitle ? <Typography color="text.secondary">{subtitle}</Typography> : null}
        <Tabs value={by} onChange={(_e, v: typeof by) => setBy(v)} aria-label={intl.formatMessage({ id: 'analytics.quality.by', defaultMessage: 'Quality by' })}>
          <Tab value="template_versions" label={intl.formatMessage({ id: 'analytics.quality.byTemplateVersion', defaultMessage: 'By template version' })} />
          <Tab value="projects" label={intl.formatMessage({ id: 'analytics.quality.byProject', defaultMessage: 'By project' })} />
        </Tabs>
        {query.isLoading ? <LoadingState /> : null}
        {query.error ? (
          <ErrorState error={query.error} title={intl.formatMessage({ id: 'analytics.quality.loadError', defaultMessage: 'Could not load content quality' })} onRetry={query.refetch} />
        ) : null}
        {query.data ? (
          <QualityTable
            rows={query.data[by]}
            label={
              by === 'projects'
                ? intl.formatMessage({ id: 'analytics.quality.project', defaultMessage: 'Project' })
                : intl.formatMessage({ id: 'analytics.quality.templateVersion', defaultMessage: 'Template version' })
            }
          />
        ) : null}
      </CardContent>
    </Card>
  );
}
