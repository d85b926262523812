import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeGeneration, me, page, renderWithProviders, server, serveManyTemplates, serveQueries, typeAndChooseTemplate } from '../../testing';
import { HistoryPage } from './components/HistoryPage';

const rows = [
  makeGeneration({ id: 1, status: 'succeeded', provider: 'local', cache_hit: true }),
  makeGeneration({ id: 2, status: 'failed', provider: 'openai', model: 'gpt-4o-mini', output: '', error: 'timeout' }),
];

describe('history table', () => {
  it('sends the filters to the API and shows the matching rows', async () => {
    const queries = serveQueries('/generations/', (params) =>
      answer(
        'generations_list',
        page(
          rows.filter(
            (g) =>
              (!params.get('status') || g.status === params.get('status')) &&
              (!params.get('provider') || g.provider === params.get('provider')) &&
              (!params.get('cache_hit') || String(g.cache_hit) === params.get('cache_hit')),
          ),
        ),
      ),
    );
    const { user } = renderWithProviders(<HistoryPage />);
    const table = await screen.findByRole('table', { name: 'Generations' });
    expect(table).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '1' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '2' })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'failed' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: '1' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: '2' })).toBeInTheDocument();
    expect(queries.at(-1)!.get('status')).toBe('failed');
    expect(queries.at(-1)!.get('workspace')).toBe('1');

    await user.click(screen.getByRole('combobox', { name: 'Cache' }));
    await user.click(await screen.findByRole('option', { name: 'Cache hits' }));
    expect(await screen.findByText('No generations match')).toBeInTheDocument();
    expect(queries.at(-1)!.get('cache_hit')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByRole('link', { name: '1' })).toBeInTheDocument();
  });

  it('turns the date range into datetimes', async () => {
    const queries = serveQueries('/generations/', () => answer('generations_list', page(rows)));
    const { user } = renderWithProviders(<HistoryPage />);
    await screen.findByRole('table', { name: 'Generations' });
    await user.type(screen.getByLabelText('From'), '2026-03-01');
    await waitFor(() => expect(queries.at(-1)!.get('created_after')).toBe(new Date('2026-03-01T00:00:00').toISOString()));
  });

  it('reads its filters from the URL and writes changes back', async () => {
    const queries = serveQueries('/generations/', () => answer('generations_list', page(rows)));
    const { user, router } = renderWithProviders(<HistoryPage />, { route: '/history?status=failed&provider=openai' });
    await screen.findByRole('table', { name: 'Generations' });
    expect(Object.fromEntries(queries[0])).toMatchObject({ status: 'failed', provider: 'openai' });
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect(queries.at(-1)!.get('status')).toBeNull());
  });

  it('filters by a template past the first page, found by typing its name', async () => {
    serveManyTemplates();
    const queries = serveQueries('/generations/', () => answer('generations_list', page(rows)));
    const { user, router } = renderWithProviders(<HistoryPage />);
    await screen.findByRole('table', { name: 'Generations' });
    await typeAndChooseTemplate(user, 'Template 33');
    await waitFor(() => expect(queries.at(-1)!.get('template')).toBe('133'));
    expect(router.state.location.search).toBe('?template=133');
    expect(screen.getByRole('combobox', { name: 'Template' })).toHaveValue('Template 33 (v2)');
  });

  it('names the template of a ?template= filter that the first page does not list', async () => {
    serveManyTemplates();
    const queries = serveQueries('/generations/', () => answer('generations_list', page(rows)));
    const { user } = renderWithProviders(<HistoryPage />, { route: '/history?template=136' });
    const picker = screen.getByRole('combobox', { name: 'Template' });
    await waitFor(() => expect(picker).toHaveValue('Template 36 (v2)'));
    expect(queries[0].get('template')).toBe('136');
    // The list is the first page (Template 01 to 25), with the chosen one kept at its top.
    await user.click(picker);
    await screen.findByRole('option', { name: 'Template 25 (v2)' });
    expect(screen.getAllByRole('option').map((o) => o.textContent).slice(0, 2)).toEqual(['Template 36 (v2)', 'Template 01 (v2)']);
  });

  it('says when the template of a ?template= filter cannot be loaded', async () => {
    serveManyTemplates();
    renderWithProviders(<HistoryPage />, { route: '/history?template=999' });
    expect(await screen.findByText('Template 999 could not be loaded; Clear shows every template.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear' })).toBeEnabled();
  });

  it('has an empty state', async () => {
    renderWithProviders(<HistoryPage />);
    expect(await screen.findByText('No generations yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Run a generation' })).toHaveAttribute('href', '/generate');
  });
});

describe('history in Brazilian Portuguese', () => {
  it('speaks the language saved in the profile, with its costs, numbers and times', async () => {
    server.use(
      http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, language: 'pt-br', time_zone: 'America/Sao_Paulo' })),
      http.get(`${API}/generations/`, () =>
        answer('generations_list', page([makeGeneration({ id: 7, cost: '0.001200', input_tokens: 1200, output_tokens: 34, created_at: '2026-11-26T12:00:00Z' })])),
      ),
    );
    renderWithProviders(<HistoryPage />);
    expect(await screen.findByRole('heading', { name: 'Histórico' })).toBeInTheDocument();
    const row = (await screen.findByRole('link', { name: '7' })).closest('tr')!;
    expect(within(row).getByText('sucesso')).toBeInTheDocument();
    expect(within(row).getByText(/^US\$\s0,001200$/)).toBeInTheDocument();
    expect(within(row).getByText('1.234')).toBeInTheDocument();
    expect(within(row).getByText(/26 de nov\. de 2026.*09:00/)).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Custo' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Provedor' })).toBeInTheDocument();
    expect(screen.queryByText('Every generation in this workspace.')).not.toBeInTheDocument();
  });
});
