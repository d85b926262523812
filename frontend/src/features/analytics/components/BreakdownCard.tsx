import { Alert, Box } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { SectionCard } from '../../../components';
import { formatMetric, METRIC_LABELS } from '../chartData';
import type { GroupBy, Metric } from '../types';
import { useSeriesName } from '../useSeriesName';
import { BarChart } from './lazyCharts';

/** The metric's total per key over the range (an average for latency and error rate), top 12 charted. */
export function BreakdownCard({ metric, groupBy, breakdown, loading }: { metric: Metric; groupBy: GroupBy; breakdown: { key: string; value: number }[]; loading: boolean }) {
  const intl = useIntl();
  const seriesName = useSeriesName(groupBy);
  const metricLabel = intl.formatMessage(METRIC_LABELS[metric]);
  const title = intl.formatMessage(
    {
      id: 'analytics.breakdown.title',
      defaultMessage: '{metric} by {groupBy, select, provider {provider} model {model} template {template} user {user} other {status}}',
    },
    { metric: metricLabel, groupBy },
  );
  const format = (value: number | null) => formatMetric(metric, value);
  return (
    <SectionCard title={title}>
      {loading ? null : !breakdown.length ? (
        <Alert severity="info">
          <FormattedMessage id="analytics.breakdown.noData" defaultMessage="No data." />
        </Alert>
      ) : (
        <>
          <Box role="img" aria-label={title}>
            <BarChart
              height={Math.max(160, breakdown.slice(0, 12).length * 32 + 40)}
              layout="horizontal"
              xAxis={[{ valueFormatter: (v: number) => format(v) }]}
              yAxis={[{ scaleType: 'band', data: breakdown.slice(0, 12).map((b) => seriesName(b.key)), width: 110 }]}
              series={[{ data: breakdown.slice(0, 12).map((b) => b.value), label: metricLabel, valueFormatter: format }]}
              hideLegend
            />
          </Box>
          <Box
            component="table"
            sx={{ width: '100%', fontSize: 14, borderCollapse: 'collapse' }}
            aria-label={intl.formatMessage(
              {
                id: 'analytics.breakdown.table',
                defaultMessage: 'Breakdown by {groupBy, select, provider {provider} model {model} template {template} user {user} other {status}}',
              },
              { groupBy },
            )}
          >
            <tbody>
              {breakdown.map((b) => (
                <tr key={b.key}>
                  <td>{seriesName(b.key)}</td>
                  <Box component="td" sx={{ textAlign: 'right' }}>
                    {format(b.value)}
                  </Box>
                </tr>
              ))}
            </tbody>
          </Box>
        </>
      )}
    </SectionCard>
  );
}
