/** Messages the dashboard and the analytics page share: the KPI cards and the not-deployed state. */
import { defineMessage, defineMessages } from 'react-intl';

import { METRIC_LABELS } from './chartData';

/** The KPI cards' names: a card showing one of the charts' metrics is named as that metric is. */
export const KPI_LABELS = {
  generations: METRIC_LABELS.count,
  tokens: METRIC_LABELS.tokens,
  latencyP95: METRIC_LABELS.latency_p95,
  ...defineMessages({
    successRate: { id: 'analytics.kpi.successRate', defaultMessage: 'Success rate' },
    cacheHits: { id: 'analytics.kpi.cacheHits', defaultMessage: 'Cache hits' },
    // The charts' cost metric says "(USD)"; the card shows the amount with its currency.
    cost: { id: 'analytics.kpi.cost', defaultMessage: 'Cost' },
  }),
};

/** The median latency under the p95 card: "p50 350 ms". */
export const LATENCY_P50 = defineMessage<{ latency: string }>({ id: 'analytics.kpi.latencyP50', defaultMessage: 'p50 {latency}' });

export const NOT_DEPLOYED = defineMessage({ id: 'analytics.notDeployed.title', defaultMessage: 'Analytics are not available yet' });
