/** The API's one error shape, and helpers to show it: field messages beside inputs, else the message. */
import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import { defineMessages, type MessageDescriptor } from 'react-intl';

import { formatMessage } from './format';

/** What the client says when the API gave no message of its own (its own come translated). */
const MESSAGES = defineMessages({
  unknown: { id: 'errors.unknown', defaultMessage: 'Something went wrong.' },
  status400: { id: 'errors.status400', defaultMessage: 'The request was not valid.' },
  status401: { id: 'errors.status401', defaultMessage: 'Your session has ended. Sign in again.' },
  status403: { id: 'errors.status403', defaultMessage: 'You do not have permission to do this.' },
  status404: { id: 'errors.status404', defaultMessage: 'Not found.' },
  status409: { id: 'errors.status409', defaultMessage: 'Someone else changed this in the meantime.' },
  status429: { id: 'errors.status429', defaultMessage: 'Too many requests. Try again in a moment.' },
  otherStatus: { id: 'errors.otherStatus', defaultMessage: 'The server answered {status}.' },
  unexpected: { id: 'errors.unexpected', defaultMessage: 'Unexpected answer ({status}).' },
  network: { id: 'errors.network', defaultMessage: 'Cannot reach the server.' },
});

const STATUS_MESSAGES: Record<number, keyof typeof MESSAGES> = {
  400: 'status400',
  401: 'status401',
  403: 'status403',
  404: 'status404',
  409: 'status409',
  429: 'status429',
};

function statusMessage(status: number, fallback: MessageDescriptor): string {
  const known = STATUS_MESSAGES[status];
  return known ? formatMessage(MESSAGES[known]) : formatMessage(fallback, { status });
}

/** "Cannot reach the server.", in the user's language: the fetch itself failed. */
export function networkError(): ApiError {
  return { status: 'FETCH_ERROR', code: 'network', message: formatMessage(MESSAGES.network), fields: {} };
}

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
    message: body.error.message ?? formatMessage(MESSAGES.unknown),
    fields: body.error.fields ?? {},
    ...(body.error.details ? { details: body.error.details } : {}),
  };
}

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
          message: statusMessage(fbq.status, MESSAGES.otherStatus),
          fields: {},
        }
      );
    }
    if (fbq.status === 'FETCH_ERROR') {
      return networkError();
    }
    if (fbq.status === 'PARSING_ERROR') {
      return {
        status: fbq.originalStatus,
        code: 'parsing',
        message: statusMessage(fbq.originalStatus, MESSAGES.unexpected),
        fields: {},
      };
    }
    return { status: String(fbq.status), code: 'error', message: String(fbq.error ?? formatMessage(MESSAGES.unknown)), fields: {} };
  }
  const body = fromBody(null, error);
  if (body) return body;
  const serialized = error as SerializedError;
  return { status: null, code: 'error', message: serialized.message ?? formatMessage(MESSAGES.unknown), fields: {} };
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

/** A form input's error props: marked invalid, the API's message under it (else `help`). Spread on a TextField. */
export function fieldError(error: ApiError | null, name: string, help?: string): { error: boolean; helperText: string | undefined } {
  const message = fieldMessage(error, name);
  return { error: Boolean(message), helperText: message ?? help };
}

/** Messages that belong to no field shown on the form. */
export function otherMessages(error: ApiError | null, shownFields: string[]): string[] {
  if (!error) return [];
  const rest = Object.entries(error.fields)
    .filter(([name]) => !shownFields.includes(name))
    .map(([name, messages]) => (name === 'non_field_errors' ? messages.join(' ') : `${name}: ${messages.join(' ')}`));
  return rest;
}
