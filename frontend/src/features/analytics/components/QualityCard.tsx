import { Card, CardContent, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { EmptyState, ErrorState, LoadingState } from '../../../components';
import { formatCost, formatDuration, formatNumber, formatPercent } from '../../../lib/format';
import type { Quality, QualityRow } from '../types';

interface QualityQuery {
  data?: Quality;
  error?: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

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
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.created" defaultMessage="Created" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.approved" defaultMessage="Approved" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.published" defaultMessage="Published" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.approvalRate" defaultMessage="Approval rate" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.edited" defaultMessage="Edited (median / p90)" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.timeToApproval" defaultMessage="Time to approval" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.rating" defaultMessage="Rating" />
            </TableCell>
            <TableCell align="right">
              <FormattedMessage id="analytics.quality.costPerApproved" defaultMessage="Cost per approved item" />
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.id}-${row.label}`}>
              <TableCell>{row.label}</TableCell>
              <TableCell align="right">{formatNumber(row.items_created)}</TableCell>
              <TableCell align="right">{formatNumber(row.items_approved)}</TableCell>
              <TableCell align="right">{formatNumber(row.items_published)}</TableCell>
              <TableCell align="right">{formatPercent(row.approval_rate)}</TableCell>
              <TableCell align="right">
                <FormattedMessage
                  id="analytics.quality.editedValue"
                  defaultMessage="{median} / {p90}"
                  values={{ median: formatPercent(row.edit_ratio_median), p90: formatPercent(row.edit_ratio_p90) }}
                />
              </TableCell>
              <TableCell align="right">{formatDuration(row.time_to_approval_median_seconds)}</TableCell>
              <TableCell align="right">{formatNumber(row.rating_mean, 1)}</TableCell>
              <TableCell align="right">{formatCost(row.cost_per_approved_item)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** How much people change the AI's text, and what an approved item costs, per version or project. */
export function QualityCard({ query }: { query: QualityQuery }) {
  const intl = useIntl();
  const [by, setBy] = useState<'template_versions' | 'projects'>('template_versions');
  return (
    <Card>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          <FormattedMessage id="analytics.quality.title" defaultMessage="Content quality" />
        </Typography>
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
