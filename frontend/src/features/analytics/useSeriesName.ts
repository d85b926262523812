import { useIntl } from 'react-intl';

import { useStatusLabel } from '../../components';
import type { GroupBy } from './types';

/**
 * A series' (or a breakdown row's) name for people: run statuses in the user's language, the
 * series of everything (no group, a null key) as "All", and the rest (providers, models, template
 * slugs, e-mails) as the API names them.
 */
export function useSeriesName(groupBy: GroupBy | null | undefined): (key: string | null) => string {
  const intl = useIntl();
  const statusLabel = useStatusLabel();
  return (key) => {
    if (key === null) return intl.formatMessage({ id: 'analytics.chart.all', defaultMessage: 'All' });
    return groupBy === 'status' ? statusLabel(key) : key;
  };
}
