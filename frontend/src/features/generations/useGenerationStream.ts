/**
 * Run a generation over Server-Sent Events and expose its text as it arrives.
 *
 * Events: `start` {id}, `delta` {text}, `done` <Generation>, `error` {error}. A non-2xx answer
 * before the stream starts carries the usual JSON error (validation messages per variable).
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { defineMessages, useIntl } from 'react-intl';

import { useAppDispatch } from '../../app/hooks';
import { api, authorizedFetch, uuid } from '../../lib/api';
import { isApiErrorBody, toApiError, type ApiError } from '../../lib/errors';
import { readSse } from '../../lib/sse';
import type { Generation, GenerationRequest } from './types';

/** What the dashboard says when the stream itself, not the API, fails. */
const FAILURES = defineMessages({
  failed: { id: 'generations.stream.failed', defaultMessage: 'The generation failed.' },
  closed: { id: 'generations.stream.closed', defaultMessage: 'The stream ended before the generation finished.' },
  network: { id: 'generations.stream.network', defaultMessage: 'Cannot reach the server.' },
});

export type StreamStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'error' | 'stopped';

export interface StreamState {
  status: StreamStatus;
  id: number | null;
  text: string;
  generation: Generation | null;
  error: ApiError | null;
}

type Action =
  | { type: 'connect' }
  | { type: 'start'; id: number | null }
  | { type: 'delta'; text: string }
  | { type: 'done'; generation: Generation }
  | { type: 'error'; error: ApiError }
  | { type: 'stopped' }
  | { type: 'reset' };

export const initialStreamState: StreamState = { status: 'idle', id: null, text: '', generation: null, error: null };

export function streamReducer(state: StreamState, action: Action): StreamState {
  switch (action.type) {
    case 'connect':
      return { ...initialStreamState, status: 'connecting' };
    case 'start':
      return { ...state, status: 'streaming', id: action.id };
    case 'delta':
      return { ...state, status: 'streaming', text: state.text + action.text };
    case 'done':
      return {
        ...state,
        status: 'done',
        id: action.generation.id ?? state.id,
        generation: action.generation,
        text: action.generation.output || state.text,
      };
    case 'error':
      return { ...state, status: 'error', error: action.error };
    case 'stopped':
      return { ...state, status: 'stopped' };
    case 'reset':
      return initialStreamState;
  }
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

export function useGenerationStream() {
  const intl = useIntl();
  const dispatch = useAppDispatch();
  const [state, local] = useReducer(streamReducer, initialStreamState);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (body: Omit<GenerationRequest, 'mode'> & { mode?: 'sync' }) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      local({ type: 'connect' });
      let finished = false;
      try {
        const response = await dispatch(
          authorizedFetch('generations/stream/', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'Idempotency-Key': uuid() },
            body: JSON.stringify({ ...body, mode: 'sync' }),
            signal: abort.signal,
          }),
        );
        if (!response.ok) {
          // Errors raised before streaming arrive as JSON, or as one SSE `error` event when the
          // server negotiated text/event-stream: read both.
          const raw = await response.text().catch(() => '');
          let data = parseJson(raw);
          if (data === null) {
            const line = /^data: ?(.*)$/m.exec(raw);
            data = line ? parseJson(line[1]) : null;
          }
          local({ type: 'error', error: toApiError({ status: response.status, data })! });
          return;
        }
        const contentType = response.headers.get('Content-Type') ?? '';
        if (contentType.includes('application/json')) {
          // A cached answer may come back whole instead of streamed.
          local({ type: 'done', generation: (await response.json()) as Generation });
          finished = true;
        } else if (response.body) {
          for await (const event of readSse(response.body, abort.signal)) {
            const data = parseJson(event.data);
            if (event.event === 'start') {
              local({ type: 'start', id: (data as { id?: number } | null)?.id ?? null });
            } else if (event.event === 'delta') {
              const text = (data as { text?: string } | null)?.text ?? '';
              if (text) local({ type: 'delta', text });
            } else if (event.event === 'done') {
              local({ type: 'done', generation: data as Generation });
              finished = true;
            } else if (event.event === 'error') {
              const error = isApiErrorBody(data)
                ? toApiError(data)!
                : { status: null, code: 'stream_error', message: typeof data === 'string' ? data : intl.formatMessage(FAILURES.failed), fields: {} };
              local({ type: 'error', error });
              finished = true;
            }
          }
          if (!finished && !abort.signal.aborted) {
            local({ type: 'error', error: { status: null, code: 'stream_closed', message: intl.formatMessage(FAILURES.closed), fields: {} } });
          }
        }
      } catch (err) {
        if (abort.signal.aborted) local({ type: 'stopped' });
        else local({ type: 'error', error: { status: 'FETCH_ERROR', code: 'network', message: err instanceof Error ? err.message : intl.formatMessage(FAILURES.network), fields: {} } });
      } finally {
        if (controller.current === abort) controller.current = null;
        dispatch(api.util.invalidateTags([{ type: 'Generation', id: 'LIST' }, 'Analytics']));
      }
    },
    [dispatch, intl],
  );

  const stop = useCallback(() => {
    controller.current?.abort();
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    local({ type: 'reset' });
  }, []);

  return { ...state, start, stop, reset, active: state.status === 'connecting' || state.status === 'streaming' };
}
