/** The API's one error shape, and helpers to show it: field messages beside inputs, else the message. */
import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]>; details?: Record<string, unknown> };
}

export interface ApiError {
  status: number | string | null;
  code: string;
  message: string;
  fields: Record<string, string[]>;
  /** Facts about the refusal some errors carry (e.g. a release gate's pass rates). */
  details?: Record<string, unknown>;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as ApiErrorBody).error === 'object' &&
    (value as ApiErrorBody).error !== null
  );
}

function fromBody(status: number | string | null, body: unknown): ApiError | null {
  if (!isApiErrorBody(body)) return null;
  return {
    status,
    code: body.error.code ?? 'error',
    message: body.error.message ?? 'Something went wrong.',
    fields: body.error.fields ?? {},
    ...(body.error.details ? { details: body.error.details } : {}),
  };
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have permission to do this.',
  404: 'Not found.',
  409: 'Someone else changed this in the meantime.',
  429: 'Too many requests. Try again in a moment.',
};

/** Normalise whatever a query, mutation or fetch threw into an `ApiError`. */
export function toApiError(error: unknown): ApiError | null {
  if (!error) return null;
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const fbq = error as FetchBaseQueryError;
    if (typeof fbq.status === 'number') {
      return (
        fromBody(fbq.status, fbq.data) ?? {
          status: fbq.status,
          code: String(fbq.status),
          message: STATUS_MESSAGES[fbq.status] ?? `The server answered ${fbq.status}.`,
          fields: {},
        }
      );
    }
    if (fbq.status === 'FETCH_ERROR') {
      return { status: fbq.status, code: 'network', message: 'Cannot reach the server.', fields: {} };
    }
    if (fbq.status === 'PARSING_ERROR') {
      return {
        status: fbq.originalStatus,
        code: 'parsing',
        message: STATUS_MESSAGES[fbq.originalStatus] ?? `Unexpected answer (${fbq.originalStatus}).`,
        fields: {},
      };
    }
    return { status: String(fbq.status), code: 'error', message: String(fbq.error ?? 'Error'), fields: {} };
  }
  const body = fromBody(null, error);
  if (body) return body;
  const serialized = error as SerializedError;
  return { status: null, code: 'error', message: serialized.message ?? 'Something went wrong.', fields: {} };
}

/** Whether an error means "this endpoint is not deployed yet". */
export function isNotFound(error: unknown): boolean {
  const parsed = toApiError(error);
  return parsed?.status === 404;
}

/** Messages for one field, `helperText`-ready. */
export function fieldMessage(error: ApiError | null, name: string): string | undefined {
  const messages = error?.fields[name];
  return messages && messages.length ? messages.join(' ') : undefined;
}

/** Messages that belong to no field shown on the form. */
export function otherMessages(error: ApiError | null, shownFields: string[]): string[] {
  if (!error) return [];
  const rest = Object.entries(error.fields)
    .filter(([name]) => !shownFields.includes(name))
    .map(([name, messages]) => (name === 'non_field_errors' ? messages.join(' ') : `${name}: ${messages.join(' ')}`));
  return rest;
}
