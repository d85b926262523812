/**
 * Follow a comparison's one event stream (`GET /api/comparisons/{id}/stream/`): every event names
 * its target by `index`; `status` patches a target's status, `done` and `error` bring the whole
 * target as it ended, `end` closes the stream once every target has ended.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';

import { useAppDispatch } from '../../app/hooks';
import { authorizedFetch } from '../../lib/api';
import { toApiError, type ApiError } from '../../lib/errors';
import { readSse } from '../../lib/sse';
import type { Comparison, ComparisonTarget, TargetStatusEvent } from './types';

export interface ComparisonState {
  id: number | null;
  targets: ComparisonTarget[];
  streaming: boolean;
  error: ApiError | null;
}

type Action =
  | { type: 'started'; comparison: Comparison }
  | { type: 'status'; event: TargetStatusEvent }
  | { type: 'ended'; target: ComparisonTarget }
  | { type: 'closed' }
  | { type: 'failed'; error: ApiError };

const initial: ComparisonState = { id: null, targets: [], streaming: false, error: null };

function patch(targets: ComparisonTarget[], index: number, change: Partial<ComparisonTarget>): ComparisonTarget[] {
  return targets.map((target) => (target.index === index ? { ...target, ...change } : target));
}

export function comparisonReducer(state: ComparisonState, action: Action): ComparisonState {
  switch (action.type) {
    case 'started':
      return { id: action.comparison.id, targets: action.comparison.targets, streaming: true, error: null };
    case 'status':
      return { ...state, targets: patch(state.targets, action.event.index, { status: action.event.status }) };
    case 'ended':
      return { ...state, targets: patch(state.targets, action.target.index, action.target) };
    case 'closed':
      return { ...state, streaming: false };
    case 'failed':
      return { ...state, streaming: false, error: action.error };
  }
}

export function useComparisonStream() {
  const dispatch = useAppDispatch();
  const [state, local] = useReducer(comparisonReducer, initial);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const follow = useCallback(
    async (comparison: Comparison) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      local({ type: 'started', comparison });
      try {
        const response = await dispatch(
          authorizedFetch(`comparisons/${comparison.id}/stream/`, { headers: { Accept: 'text/event-stream' }, signal: abort.signal }),
        );
        if (!response.ok || !response.body) {
          const data: unknown = await response.json().catch(() => null);
          local({ type: 'failed', error: toApiError({ status: response.status, data })! });
          return;
        }
        for await (const event of readSse(response.body, abort.signal)) {
          if (event.event === 'status') local({ type: 'status', event: JSON.parse(event.data) as TargetStatusEvent });
          else if (event.event === 'done' || event.event === 'error') local({ type: 'ended', target: JSON.parse(event.data) as ComparisonTarget });
          else if (event.event === 'end') break;
        }
        local({ type: 'closed' });
      } catch (err) {
        if (!abort.signal.aborted) local({ type: 'failed', error: toApiError(err) ?? toApiError({ status: 'FETCH_ERROR' })! });
      }
    },
    [dispatch],
  );

  return { ...state, follow };
}
