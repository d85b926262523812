import { useState } from 'react';

import { useGetGenerationQuery } from './api';
import { isActive } from './types';

const POLL_MS = 2000;

/**
 * One generation, fetched again every 2 s while it is queued or running (and until it is first
 * loaded), and no more once it has finished. `active` says which of the two it is.
 */
export function useGenerationPolling(id: number) {
  const [polling, setPolling] = useState(true);
  const query = useGetGenerationQuery(id, { pollingInterval: polling ? POLL_MS : 0 });
  const active = query.data ? isActive(query.data.status) : true;
  // Adjusting state while rendering, when what it follows changed (react.dev, "You might not need an effect").
  if (active !== polling) setPolling(active);
  return { ...query, active };
}
