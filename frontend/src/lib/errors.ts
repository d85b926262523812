/** The API's one error shape, and helpers to show it: field messages beside inputs, else the message. */
import type { SerializedError } from '@reduxjs/toolkit';
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import { defineMessage, defineMessages, type MessageDescriptor } from 'react-intl';

import { formatMessage } from './format';

/** What the client says when the API gave no message of its own (its own come translated). */
const MESSAGES = defineMessages({
  unknown: { id: 'errors.unknown', defaultMessage: 'Something went wrong.' },
  otherStatus: { id: 'errors.otherStatus', defaultMessage: 'The server answered {status}.' },
  unexpected: { id: 'errors.unexpected', defaultMessage: 'Unexpected answer ({status}).' },
  network: { id: 'errors.network', defaultMessage: 'Cannot reach the server.' },
});

/** The same for the HTTP statuses that say enough by themselves. */
const STATUS_MESSAGES: Record<number, MessageDescriptor | undefined> = {
  400: defineMessage({ id: 'errors.status400', defaultMessage: 'The request was not valid.' }),
  401: defineMessage({ id: 'errors.status401', defaultMessage: 'Your session has ended. Sign in again.' }),
  403: defineMessage({ id: 'errors.status403', defaultMessage: 'You do not have permission to do this.' }),
  404: defineMessage({ id: 'errors.status404', defaultMessage: 'Not found.' }),
  409: defineMessage({ id: 'errors.status409', defaultMessage: 'Someone else changed this in the meantime.' }),
  429: defineMessage({ id: 'errors.status429', defaultMessage: 'Too many requests. Try again in a moment.' }),
};

function statusMessage(status: number, fallback: MessageDescriptor): string {
  const known = STATUS_MESSAGES[status];
  return known ? formatMessage(known) : formatMessage(fallback, { status });
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

/** A text field's `error` and `helperText` props: the field's messages, else `help` (its usual hint). */
export function fieldProps(error: ApiError | null, name: string, help?: string): { error: boolean; helperText?: string } {
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
