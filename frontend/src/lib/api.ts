/**
 * The one RTK Query API slice for `/api/`. Features add their endpoints with `api.injectEndpoints`.
 *
 * Authentication lives here and only here: every request carries the access token; a 401 triggers
 * one refresh (shared by concurrent requests, the rotated refresh token is stored) and one retry;
 * if the refresh fails the session ends. `authorizedFetch` gives the same behaviour to the few
 * calls RTK Query cannot make (streamed responses, file downloads, uploads with progress).
 */
import {
  createApi,
  fetchBaseQuery,
  type BaseQueryFn,
  type FetchArgs,
  type FetchBaseQueryError,
} from '@reduxjs/toolkit/query/react';

import { API_ROOT } from '../config/constants';
import { anonymousLocale } from '../i18n/locales';
import {
  selectAccessToken,
  selectRefreshToken,
  signedOut,
  tokensReceived,
  type SessionState,
} from './session';

interface StateWithSession {
  session: SessionState;
}

interface ThunkLike {
  dispatch: (action: unknown) => unknown;
  getState: () => unknown;
}

const sessionOf = (getState: () => unknown) => ({ session: (getState() as StateWithSession).session });

const rawBaseQuery = fetchBaseQuery({
  baseUrl: API_ROOT,
  prepareHeaders: (headers, { getState }) => {
    const token = selectAccessToken(sessionOf(getState));
    if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    headers.set('Accept-Language', anonymousLocale()); // a saved profile language wins on the server
    return headers;
  },
});

// Anonymous calls: a 401 there is an answer, not an expired session to refresh.
const AUTH_PATHS = ['auth/token/', 'auth/token/refresh/', 'auth/options/', 'auth/register/', 'auth/password-reset/', 'auth/password-reset/confirm/'];

function urlOf(args: string | FetchArgs): string {
  return typeof args === 'string' ? args : args.url;
}

let refreshInFlight: Promise<boolean> | null = null;

/**
 * Exchange the refresh token for a new pair, once for any number of concurrent callers.
 * Resolves true when a new access token is in the store.
 */
export function refreshSession(api: ThunkLike): Promise<boolean> {
  if (!refreshInFlight) {
    refreshInFlight = (async () => {
      const refresh = selectRefreshToken(sessionOf(api.getState));
      if (!refresh) return false;
      try {
        const response = await fetch(`${API_ROOT}auth/token/refresh/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refresh }),
        });
        if (!response.ok) return false;
        const data = (await response.json()) as { access: string; refresh?: string };
        api.dispatch(tokensReceived(data));
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

/**
 * Run `attempt` with the current access token; on 401 refresh once and run it again.
 * `attempt` receives the token to send and returns the HTTP status it got.
 */
async function withReauth<T>(
  api: ThunkLike,
  attempt: (token: string | null) => Promise<T>,
  statusOf: (result: T) => number | string | undefined,
): Promise<T> {
  const tokenUsed = selectAccessToken(sessionOf(api.getState));
  let result = await attempt(tokenUsed);
  if (statusOf(result) !== 401) return result;
  const current = selectAccessToken(sessionOf(api.getState));
  // Another request may already have refreshed while this one was in flight.
  const refreshed = current && current !== tokenUsed ? true : await refreshSession(api);
  if (!refreshed) {
    api.dispatch(signedOut());
    return result;
  }
  result = await attempt(selectAccessToken(sessionOf(api.getState)));
  if (statusOf(result) === 401) api.dispatch(signedOut());
  return result;
}

export const baseQueryWithReauth: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError> = (
  args,
  api,
  extraOptions,
) => {
  if (AUTH_PATHS.includes(urlOf(args))) return rawBaseQuery(args, api, extraOptions);
  return withReauth(
    api,
    () => Promise.resolve(rawBaseQuery(args, api, extraOptions)),
    (result) => result.error?.status,
  );
};

/**
 * `fetch` against the API with the session's token and the same single refresh-and-retry.
 * A thunk: `await dispatch(authorizedFetch('generations/stream/', {...}))`.
 */
export const authorizedFetch =
  (path: string, init: RequestInit = {}) =>
  (dispatch: (action: unknown) => unknown, getState: () => unknown): Promise<Response> =>
    withReauth(
      { dispatch, getState },
      (token) => {
        const headers = new Headers(init.headers);
        if (token) headers.set('Authorization', `Bearer ${token}`);
        headers.set('Accept-Language', anonymousLocale());
        return fetch(path.startsWith('http') ? path : `${API_ROOT}${path}`, { ...init, headers });
      },
      (response) => response.status,
    );

export const TAG_TYPES = [
  'Me',
  'Workspace',
  'Member',
  'Invitation',
  'ApiKey',
  'Template',
  'TemplateVersion',
  'Generation',
  'Provider',
  'Credential',
  'Batch',
  'Analytics',
  'Content',
  'Project',
  'Webhook',
  'Label',
] as const;

export const api = createApi({
  reducerPath: 'api',
  baseQuery: baseQueryWithReauth,
  tagTypes: TAG_TYPES,
  endpoints: () => ({}),
});

type TagType = (typeof TAG_TYPES)[number];

/** A paged list's tags: the list, and each of its rows by id (a change to one row refreshes the pages that show it). */
export function pageTags<T extends TagType>(type: T) {
  return (result?: Page<{ id: number }>) => [{ type, id: 'LIST' as const }, ...(result?.results ?? []).map((row) => ({ type, id: row.id }))];
}

/** What an action on one row (`id`) invalidates: that row, and the lists that show it. */
export function rowAndList<T extends TagType>(type: T) {
  return (_result: unknown, _error: unknown, id: number) => [
    { type, id },
    { type, id: 'LIST' as const },
  ];
}

/** A fresh key for an `Idempotency-Key` header. */
export function uuid(): string {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** A POST without a body; `retry`-like actions carry a fresh idempotency key, so a resent request does not run twice. */
export function post(url: string, { idempotent = false }: { idempotent?: boolean } = {}): FetchArgs {
  return { url, method: 'POST', ...(idempotent ? { headers: { 'Idempotency-Key': uuid() } } : {}) };
}

/** DRF's paginated list. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** An infinite query over DRF's pages: page 1 first, then each next one while the server has one. */
export const NEXT_PAGES = {
  initialPageParam: 1,
  getNextPageParam: (last: Page<unknown>, _all: unknown, lastPage: number) => (last.next ? lastPage + 1 : undefined),
};

/** The rows of an infinite query's loaded pages, in the server's order, and how many it has in all. */
export function loadedRows<T>(data: { pages: Page<T>[] } | undefined): { rows: T[]; count: number } {
  return { rows: data?.pages.flatMap((p) => p.results) ?? [], count: data?.pages.at(-1)?.count ?? 0 };
}

/** Query-string from an object, leaving out empty values. */
export function toQuery(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
