import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';

import { formatCost, formatMs, formatNumber, formatPercent } from '../../../lib/format';
import { METRIC_LABELS } from '../chartData';
import type { GroupBy, Metric } from '../types';

function formatValue(metric: Metric, value: number) {
  if (metric === 'cost') return formatCost(value, 2);
  if (metric === 'latency_p95') return formatMs(value);
  if (metric === 'error_rate') return formatPercent(value);
  return formatNumber(value);
}

/** The metric's total per key over the range (an average for latency and error rate), top 12 charted. */
export function BreakdownCard({ metric, groupBy, breakdown, loading }: { metric: Metric; groupBy: GroupBy; breakdown: { key: string; value: number }[]; loading: boolean }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          {METRIC_LABELS[metric]} by {groupBy}
        </Typography>
        {loading ? null : !breakdown.length ? (
          <Alert severity="info">No data.</Alert>
        ) : (
          <>
            <Box role="img" aria-label={`${METRIC_LABELS[metric]} by ${groupBy}`}>
              <BarChart
                height={Math.max(160, breakdown.slice(0, 12).length * 32 + 40)}
                layout="horizontal"
                yAxis={[{ scaleType: 'band', data: breakdown.slice(0, 12).map((b) => b.key), width: 110 }]}
                series={[{ data: breakdown.slice(0, 12).map((b) => b.value), label: METRIC_LABELS[metric], valueFormatter: (v: number | null) => formatValue(metric, v ?? 0) }]}
                hideLegend
              />
            </Box>
            <Box component="table" sx={{ width: '100%', fontSize: 14, borderCollapse: 'collapse' }} aria-label={`Breakdown by ${groupBy}`}>
              <tbody>
                {breakdown.map((b) => (
                  <tr key={b.key}>
                    <td>{b.key}</td>
                    <Box component="td" sx={{ textAlign: 'right' }}>
                      {formatValue(metric, b.value)}
                    </Box>
                  </tr>
                ))}
              </tbody>
            </Box>
          </>
        )}
      </CardContent>
    </Card>
  );
}
