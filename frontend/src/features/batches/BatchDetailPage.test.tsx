import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, page, renderWithProviders, server } from '../../testing';
import { BatchDetailPage } from './components/BatchDetailPage';
import type { BatchRow } from './types';

const batch = {
  id: 5, workspace: 1, template: 1, template_name: 'Blog post', template_version: 2, user: 'ana@example.com', status: 'completed' as const, provider: 'local' as const, model: 'local-draft',
  params: {}, on_invalid: 'skip' as const, source_name: 'products.csv', total: 3, succeeded: 1, failed: 1, cancelled: 0, running: 0, queued: 0, invalid: 1, ignored_columns: [],
  throughput: null, eta_seconds: null, cost: '0.000000', estimated_cost: null, estimated_input_tokens: 0, estimated_output_tokens: 0, errors: [], results_available: true,
  created_at: '2026-03-05T09:00:00Z', started_at: null, finished_at: null,
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
