import { Card, CardContent, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';

import { EmptyState, ErrorState, LoadingState } from '../../../components';
import { formatCost, formatDuration, formatNumber, formatPercent } from '../../../lib/format';
import type { Quality, QualityRow } from '../types';

interface QualityQuery {
  data?: Quality;
  error?: unknown;
  isLoading: boolean;
  refetch: () => unknown;
}

const median = (value: number | null) => (value === null ? '—' : formatPercent(value));

function QualityTable({ rows, label }: { rows: QualityRow[]; label: string }) {
  if (!rows.length) return <EmptyState title="No content in this range">Save generations as content to see how much people change them.</EmptyState>;
  return (
    <TableContainer sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>{label}</TableCell>
            <TableCell align="right">Created</TableCell>
            <TableCell align="right">Approved</TableCell>
            <TableCell align="right">Published</TableCell>
            <TableCell align="right">Approval rate</TableCell>
            <TableCell align="right">Edited (median / p90)</TableCell>
            <TableCell align="right">Time to approval</TableCell>
            <TableCell align="right">Rating</TableCell>
            <TableCell align="right">Cost per approved item</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.id}-${row.label}`}>
              <TableCell>{row.label}</TableCell>
              <TableCell align="right">{formatNumber(row.items_created)}</TableCell>
              <TableCell align="right">{formatNumber(row.items_approved)}</TableCell>
              <TableCell align="right">{formatNumber(row.items_published)}</TableCell>
              <TableCell align="right">{row.approval_rate === null ? '—' : formatPercent(row.approval_rate)}</TableCell>
              <TableCell align="right">
                {median(row.edit_ratio_median)} / {median(row.edit_ratio_p90)}
              </TableCell>
              <TableCell align="right">{formatDuration(row.time_to_approval_median_seconds)}</TableCell>
              <TableCell align="right">{row.rating_mean === null ? '—' : row.rating_mean.toFixed(1)}</TableCell>
              <TableCell align="right">{row.cost_per_approved_item === null ? '—' : formatCost(row.cost_per_approved_item)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** How much people change the AI's text, and what an approved item costs, per version or project. */
export function QualityCard({ query, subtitle }: { query: QualityQuery; subtitle?: ReactNode }) {
  const [by, setBy] = useState<'template_versions' | 'projects'>('template_versions');
  return (
    <Card>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          Content quality
        </Typography>
        {subtitle ? <Typography color="text.secondary">{subtitle}</Typography> : null}
        <Tabs value={by} onChange={(_e, v: typeof by) => setBy(v)} aria-label="Quality by">
          <Tab value="template_versions" label="By template version" />
          <Tab value="projects" label="By project" />
        </Tabs>
        {query.isLoading ? <LoadingState /> : null}
        {query.error ? <ErrorState error={query.error} title="Could not load content quality" onRetry={query.refetch} /> : null}
        {query.data ? <QualityTable rows={query.data[by]} label={by === 'projects' ? 'Project' : 'Template version'} /> : null}
      </CardContent>
    </Card>
  );
}
