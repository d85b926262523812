import { Box } from '@mui/material';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';

import { DataTable, EmptyState, ErrorState, LoadingState, SectionCard, type Column } from '../../../components';
import { formatCost, formatMs, formatNumber, formatPercent } from '../../../lib/format';
import { useVersionAnalyticsQuery } from '../api';
import { versionText } from '../describe';
import type { LabelFigures, VersionFigures } from '../types';

type Figures = VersionFigures | LabelFigures;

function rowName(intl: IntlShape, figures: LabelFigures): string {
  if (!figures.label) return intl.formatMessage({ id: 'releases.analytics.byNumber', defaultMessage: 'by number' });
  if (figures.arm === null) return figures.label;
  return intl.formatMessage({ id: 'releases.analytics.arm', defaultMessage: '{label}, canary arm {arm}' }, { label: figures.label, arm: figures.arm + 1 });
}

/** A version's row, or under it one of its labels' or canary arms'. */
interface Row {
  key: string;
  name: string;
  sub: boolean;
  figures: Figures;
}

function figureColumns(intl: IntlShape): Column<Row>[] {
  const figures: [string, string, (f: Figures) => string][] = [
    [intl.formatMessage({ id: 'releases.analytics.generations', defaultMessage: 'Generations' }), 'generations', (f) => formatNumber(f.generations)],
    [intl.formatMessage({ id: 'releases.analytics.successRate', defaultMessage: 'Success rate' }), 'success', (f) => formatPercent(f.success_rate)],
    [intl.formatMessage({ id: 'releases.analytics.p50', defaultMessage: 'Latency p50' }), 'p50', (f) => formatMs(f.latency_p50_ms)],
    [intl.formatMessage({ id: 'releases.analytics.p95', defaultMessage: 'Latency p95' }), 'p95', (f) => formatMs(f.latency_p95_ms)],
    [intl.formatMessage({ id: 'releases.analytics.cost', defaultMessage: 'Cost' }), 'cost', (f) => formatCost(f.cost)],
    [intl.formatMessage({ id: 'releases.analytics.rating', defaultMessage: 'Rating' }), 'rating', (f) => formatNumber(f.average_rating, 1)],
    // evaluations are per version
    [intl.formatMessage({ id: 'releases.analytics.passRate', defaultMessage: 'Pass rate' }), 'pass', (f) => formatPercent('version' in f ? f.evaluation_pass_rate : null)],
    [intl.formatMessage({ id: 'releases.analytics.approval', defaultMessage: 'Approval rate' }), 'approval', (f) => formatPercent(f.approval_rate)],
    [intl.formatMessage({ id: 'releases.analytics.editRatio', defaultMessage: 'Edit ratio' }), 'edit', (f) => formatPercent(f.edit_ratio_median)],
  ];
  return figures.map(([header, key, cell]) => ({ key, header, align: 'right', cell: (row) => cell(row.figures) }));
}

/** Each version's figures, and under it each label and canary arm it ran through. */
export function VersionAnalytics({ template }: { template: number }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useVersionAnalyticsQuery(template);
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: <FormattedMessage id="releases.analytics.version" defaultMessage="Version" />,
      rowHeader: true,
      cell: (row) => (
        <Box component="span" sx={row.sub ? { pl: 2, color: 'text.secondary' } : { fontWeight: 500 }}>
          {row.name}
        </Box>
      ),
    },
    ...figureColumns(intl),
  ];
  const rows = (data?.versions ?? []).flatMap((version): Row[] => [
    { key: String(version.version), name: versionText(intl, version.version), sub: false, figures: version },
    ...version.labels.map((label) => ({ key: `${version.version}-${label.label}-${label.arm}`, name: rowName(intl, label), sub: true, figures: label })),
  ]);
  return (
    <SectionCard title={<FormattedMessage id="releases.analytics.title" defaultMessage="Versions compared" />}>
      {isLoading ? (
        <LoadingState />
      ) : error || !data ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : !rows.length ? (
        <EmptyState title={intl.formatMessage({ id: 'releases.analytics.none', defaultMessage: 'No finished generations yet.' })} />
      ) : (
        <DataTable label={intl.formatMessage({ id: 'releases.analytics.aria', defaultMessage: 'Figures per version' })} columns={columns} rows={rows} rowKey={(row) => row.key} />
      )}
    </SectionCard>
  );
}
