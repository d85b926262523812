import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

import { makeTemplate, me, page, providers } from './fixtures';

/** The API under test lives at this origin (jsdom's default location). */
export const API = `${window.location.origin}/api`;

export const apiError = (status: number, message: string, fields: Record<string, string[]> = {}, code = 'invalid') =>
  HttpResponse.json({ error: { code, message, fields } }, { status });

/** Enough of the API for the shell to render; tests override what they exercise. */
export const defaultHandlers = [
  http.get(`${API}/me/`, () => HttpResponse.json(me)),
  http.get(`${API}/providers/`, () => HttpResponse.json(providers)),
  http.get(`${API}/templates/`, () => HttpResponse.json(page([makeTemplate()]))),
  http.get(`${API}/templates/:id/`, () => HttpResponse.json(makeTemplate())),
  http.get(`${API}/templates/:id/versions/`, () => HttpResponse.json(page([makeTemplate().current_version]))),
  http.post(`${API}/templates/:id/preview/`, () =>
    HttpResponse.json({ system_prompt: 'You are a helpful writer.', prompt: 'Write about cats.', input_tokens: 10, output_tokens: 0, cost: '0.000000', token_method: 'approximation:chars/4' }),
  ),
  http.get(`${API}/generations/`, () => HttpResponse.json(page([]))),
  http.get(`${API}/analytics/summary/`, () => apiError(404, 'Not found.', {}, 'not_found')),
  http.get(`${API}/analytics/timeseries/`, () => apiError(404, 'Not found.', {}, 'not_found')),
];

export const server = setupServer(...defaultHandlers);
