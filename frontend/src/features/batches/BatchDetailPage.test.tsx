import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { answer, API, page, renderWithProviders, server } from '../../testing';
import { BatchDetailPage } from './components/BatchDetailPage';
import type { BatchRow } from './types';

const batch = {
  id: 5, workspace: 1, template: 1, template_name: 'Blog post', template_version: 2, label: '', label_arm: null, user: 'ana@example.com', status: 'completed' as const, provider: 'local' as const, model: 'local-draft',
  params: {}, on_invalid: 'skip' as const, source_name: 'products.csv', total: 3, succeeded: 1, failed: 1, cancelled: 0, running: 0, queued: 0, invalid: 1, ignored_columns: [],
  throughput: null, eta_seconds: null, cost: '0.000000', estimated_cost: null, estimated_input_tokens: 0, estimated_output_tokens: 0, errors: [], results_available: true,
  created_at: '2026-03-05T09:00:00Z', started_at: null, finished_at: null, project: null,
};

const rows: BatchRow[] = [
  { row: 1, status: 'succeeded', input: { product: 'soap', sku: 'A1' }, output: '**Clean** soap.', error: '', input_tokens: 5, output_tokens: 3, cost: '0.000000', generation: 11 },
  { row: 2, status: 'failed', input: { product: 'tea', sku: 'B2' }, output: '', error: 'local: empty answer', input_tokens: 5, output_tokens: 0, cost: '0.000000', generation: 12 },
  { row: 3, status: 'invalid', input: { product: '', sku: 'C3' }, output: '', error: 'product: This variable is required.', input_tokens: 0, output_tokens: 0, cost: null, generation: null },
];

describe('batch rows', () => {
  it('shows every row, filters by status through the URL and renders an output', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/batches/5/`, () => answer('batches_retrieve', batch)),
      http.get(`${API}/batches/5/rows/`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        queries.push(params);
        return HttpResponse.json(page(rows.filter((r) => !params.get('status') || r.status === params.get('status'))));
      }),
    );
    const { user, router } = renderWithProviders(<BatchDetailPage />, { route: '/batches/5', path: '/batches/:id' });
    const table = await screen.findByRole('table', { name: 'Batch rows' });
    expect(table).toHaveTextContent('product: tea · sku: B2');
    expect(table).toHaveTextContent('invalid');

    await user.click(screen.getByRole('button', { name: 'Show row 1' }));
    expect((await screen.findByLabelText('Output of row 1')).querySelector('strong')).toHaveTextContent('Clean');

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'failed' }));
    await waitFor(() => expect(queries.at(-1)!.get('status')).toBe('failed'));
    expect(router.state.location.search).toBe('?status=failed');
    await waitFor(() => expect(screen.queryByText(/product: soap/)).not.toBeInTheDocument());
  });
});

describe('a batch at work', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches the rows again when the counts of the batch change, so that they agree with them', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const running = { ...batch, status: 'running' as const, succeeded: 1, failed: 0, running: 1, invalid: 0, total: 2 };
    const finished = { ...running, status: 'succeeded' as const, succeeded: 2, running: 0 };
    const before: BatchRow[] = [rows[0], { ...rows[1], status: 'running', error: '' }];
    const after: BatchRow[] = [rows[0], { ...rows[1], status: 'succeeded', error: '', output: 'Green tea.' }];
    let rowEnded = false;
    let endRow!: () => void;
    const rowEnds = new Promise<void>((resolve) => (endRow = resolve));
    let batchCalls = 0;
    server.use(
      http.get(`${API}/batches/5/`, async () => {
        // The second look at the batch is answered once the row has ended, after any look at the rows meanwhile.
        if (++batchCalls > 1) await rowEnds;
        return answer('batches_retrieve', rowEnded ? finished : running);
      }),
      http.get(`${API}/batches/5/rows/`, () => HttpResponse.json(page(rowEnded ? after : before))),
    );
    renderWithProviders(<BatchDetailPage />, { route: '/batches/5', path: '/batches/:id' });
    expect(await screen.findByRole('table', { name: 'Batch rows' })).toHaveTextContent('running');
    await vi.advanceTimersByTimeAsync(2000);
    await waitFor(() => expect(batchCalls).toBe(2));
    rowEnded = true;
    endRow();
    await waitFor(() => expect(screen.getByRole('status', { name: 'Batch status' })).toHaveTextContent('succeeded'));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Batch rows' })).not.toHaveTextContent('running'));
  });

  it('offers no Cancel once cancelled, while its running rows finish', async () => {
    const cancelled = { ...batch, status: 'cancelled' as const, cancelled: 1, running: 1 };
    server.use(
      http.get(`${API}/batches/5/`, () => answer('batches_retrieve', cancelled)),
      http.get(`${API}/batches/5/rows/`, () => HttpResponse.json(page(rows))),
    );
    renderWithProviders(<BatchDetailPage />, { route: '/batches/5', path: '/batches/:id' });
    expect(await screen.findByRole('status', { name: 'Batch status' })).toHaveTextContent('cancelled');
    expect(screen.getByText('1 running')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });
});

describe('a batch in a project', () => {
  it('links to the project, and saves its rows as content there unless told otherwise', async () => {
    const saves: unknown[] = [];
    const spring = { id: 3, workspace: 1, name: 'Spring launch', slug: 'spring-launch', description: '', due_date: null, archived: false, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z' };
    server.use(
      http.get(`${API}/batches/5/`, () => answer('batches_retrieve', { ...batch, project: { id: 3, name: 'Spring launch' } })),
      http.get(`${API}/batches/5/rows/`, () => HttpResponse.json(page(rows))),
      http.get(`${API}/projects/`, () => answer('projects_list', page([spring]))),
      http.get(`${API}/projects/3/`, () => answer('projects_retrieve', spring)),
      http.post(`${API}/batches/5/save-as-content/`, async ({ request }) => {
        saves.push(await request.json());
        return answer('batches_save_as_content_create', { batch: 5, created: 1, already_saved: 0, not_succeeded: 1, item_ids: [40] }, { status: 201 });
      }),
    );
    const { user } = renderWithProviders(<BatchDetailPage />, { route: '/batches/5', path: '/batches/:id' });

    expect(await screen.findByRole('link', { name: 'Spring launch' })).toHaveAttribute('href', '/content/projects/3');
    await user.click(screen.getByRole('button', { name: 'Save as content' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Project' })).toHaveValue('Spring launch'));
    await user.click(screen.getByRole('button', { name: 'Save succeeded rows' }));
    await waitFor(() => expect(saves).toEqual([{ project: 3 }]));
  });

  it('shows no project line for a batch outside any project', async () => {
    server.use(
      http.get(`${API}/batches/5/`, () => answer('batches_retrieve', batch)),
      http.get(`${API}/batches/5/rows/`, () => HttpResponse.json(page(rows))),
    );
    renderWithProviders(<BatchDetailPage />, { route: '/batches/5', path: '/batches/:id' });
    await screen.findByRole('table', { name: 'Batch rows' });
    expect(screen.queryByText(/^Project:/)).not.toBeInTheDocument();
  });
});
