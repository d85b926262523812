/** Messages the dashboard and the analytics page share: the KPI cards and the not-deployed state. */
import { defineMessage, defineMessages } from 'react-intl';

export const KPI_LABELS = defineMessages({
  generations: { id: 'analytics.kpi.generations', defaultMessage: 'Generations' },
  successRate: { id: 'analytics.kpi.successRate', defaultMessage: 'Success rate' },
  cacheHits: { id: 'analytics.kpi.cacheHits', defaultMessage: 'Cache hits' },
  cost: { id: 'analytics.kpi.cost', defaultMessage: 'Cost' },
  tokens: { id: 'analytics.kpi.tokens', defaultMessage: 'Tokens' },
  latencyP95: { id: 'analytics.kpi.latencyP95', defaultMessage: 'p95 latency' },
});

/** The median latency under the p95 card: "p50 350 ms". */
export const LATENCY_P50 = defineMessage<{ latency: string }>({ id: 'analytics.kpi.latencyP50', defaultMessage: 'p50 {latency}' });

export const NOT_DEPLOYED = defineMessage({ id: 'analytics.notDeployed.title', defaultMessage: 'Analytics are not available yet' });
