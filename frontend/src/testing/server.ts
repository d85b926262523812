import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

import { answer } from './answers';
import { makeProject, makeTemplate, me, page, preview, providers } from './fixtures';

/** The API under test lives at this origin (jsdom's default location). */
export const API = `${window.location.origin}/api`;

export const apiError = (status: number, message: string, fields: Record<string, string[]> = {}, code = 'invalid') =>
  HttpResponse.json({ error: { code, message, fields } }, { status });

/** Enough of the API for the shell to render; tests override what they exercise. */
export const defaultHandlers = [
  http.get(`${API}/me/`, () => answer('me_retrieve', me)),
  http.get(`${API}/auth/options/`, () => HttpResponse.json({ registration_open: false })),
  http.get(`${API}/providers/`, () => answer('providers_list', providers)),
  http.get(`${API}/templates/`, () => answer('templates_list', page([makeTemplate()]))),
  http.get(`${API}/templates/:id/`, () => answer('templates_retrieve', makeTemplate())),
  http.get(`${API}/templates/:id/versions/`, () => answer('templates_versions_list', page([makeTemplate().current_version]))),
  http.get(`${API}/templates/:id/labels/`, () => answer('templates_labels_list', [])),
  http.post(`${API}/templates/:id/preview/`, () => answer('templates_preview_create', preview)),
  http.get(`${API}/generations/`, () => answer('generations_list', page([]))),
  http.get(`${API}/analytics/versions/`, () => answer('analytics_versions_retrieve', { workspace: 1, template: 1, versions: [] })),
  http.get(`${API}/analytics/summary/`, () => apiError(404, 'Not found.', {}, 'not_found')),
  http.get(`${API}/analytics/timeseries/`, () => apiError(404, 'Not found.', {}, 'not_found')),
  // The template's page shows its content quality.
  http.get(`${API}/analytics/quality/`, () =>
    answer('analytics_quality_retrieve', { workspace: 1, start: '2026-01-01', end: '2026-12-31', tz: 'UTC', template_versions: [], projects: [] }),
  ),
];

export const server = setupServer(...defaultHandlers);

/** The API's page size: a list answers this many at most. */
const PAGE_SIZE = 25;

/**
 * Answer GET `${API}${path}` with `respond(query)` and record each request's query string, oldest
 * first: a test asserts what the page asked for (`queries.at(-1)!.get('status')`).
 */
export function serveQueries(path: string, respond: (query: URLSearchParams) => Response) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${API}${path}`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      return respond(query);
    }),
  );
  return queries;
}

/**
 * GET `${API}${path}` answers `rows` a page at a time as the API pages them (`?page=N`, a 404 past
 * the last page); the query strings asked, oldest first. A row taken out of `rows` is gone from the
 * next answer.
 */
export function servePages(path: string, rows: readonly unknown[]) {
  return serveQueries(path, (query) => {
    const number = Number(query.get('page') ?? '1');
    const results = rows.slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE);
    if (number > 1 && !results.length) return apiError(404, 'Invalid page.', {}, 'not_found');
    return HttpResponse.json(page(results, rows.length));
  });
}

/** Answer `method` `${API}${path}` with `reply(body)` and record each request's JSON body, oldest first. */
export function serveBodies<B = Record<string, unknown>>(method: 'post' | 'patch', path: string, reply: (body: B) => Response) {
  const bodies: B[] = [];
  server.use(
    http[method](`${API}${path}`, async ({ request }) => {
      const body = (await request.json()) as B;
      bodies.push(body);
      return reply(body);
    }),
  );
  return bodies;
}

/**
 * GET `${path}` answers the first page of `rows` whose name contains `search` (as the API
 * searches), GET `${path}:id/` any of them: a workspace with more of them than a page.
 */
function serveSearchable(path: string, rows: { id: number; name: string }[]) {
  server.use(
    http.get(`${API}${path}`, ({ request }) => {
      const search = (new URL(request.url).searchParams.get('search') ?? '').toLowerCase();
      const matching = rows.filter((row) => row.name.toLowerCase().includes(search));
      return HttpResponse.json(page(matching.slice(0, PAGE_SIZE), matching.length));
    }),
    http.get(`${API}${path}:id/`, ({ params }) => {
      const row = rows.find((r) => r.id === Number(params.id));
      return row ? HttpResponse.json(row) : apiError(404, 'Not found.', {}, 'not_found');
    }),
  );
}

/**
 * A workspace with `count` templates, more than a page: "Template 01" (id 101) to "Template 40"
 * (id 140), each taking one variable, `product`, searched by name (`serveSearchable`).
 */
export function serveManyTemplates(count = 40) {
  const templates = Array.from({ length: count }, (_, i) =>
    makeTemplate(
      { id: 101 + i, name: `Template ${String(i + 1).padStart(2, '0')}`, slug: `template-${i + 1}` },
      { variables: [{ name: 'product', type: 'string', required: true, default: null, choices: null, max_length: null, description: '' }] },
    ),
  );
  serveSearchable('/templates/', templates);
  return templates;
}

/** A workspace with 30 open projects, "Project 01" (id 201) to "Project 30" (id 230), searched by name. */
export function serveManyProjects() {
  const projects = Array.from({ length: 30 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return makeProject({ id: 201 + i, name: `Project ${n}`, slug: `project-${n}` });
  });
  serveSearchable('/projects/', projects);
  return projects;
}
