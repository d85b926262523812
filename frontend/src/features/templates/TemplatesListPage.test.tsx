import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, apiError, makeTemplate, page, renderWithProviders, server, serveQueries } from '../../testing';
import { TemplatesListPage } from './components/TemplatesListPage';

const all = [
  makeTemplate({ id: 1, name: 'Blog post', tags: ['blog'] }),
  makeTemplate({ id: 2, name: 'Product description', category: 'ecommerce', tags: ['shop'] }),
];

describe('templates list', () => {
  it('searches on the server and shows the matches', async () => {
    const queries = serveQueries('/templates/', (params) => {
      const search = (params.get('search') ?? '').toLowerCase();
      return answer('templates_list', page(all.filter((t) => t.name.toLowerCase().includes(search))));
    });
    const { user } = renderWithProviders(<TemplatesListPage />);

    expect(await screen.findByRole('link', { name: 'Blog post' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Product description' })).toBeInTheDocument();
    expect(queries[0].get('workspace')).toBe('1');
    expect(queries[0].get('archived')).toBe('false');

    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'product');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Blog post' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Product description' })).toBeInTheDocument();
    expect(queries.at(-1)!.get('search')).toBe('product');
    expect(queries.at(-1)!.get('page')).toBe('1');
  });

  it('filters archived templates and says when nothing matches', async () => {
    serveQueries('/templates/', (params) => answer('templates_list', page(params.get('archived') === 'true' ? [] : all)));
    const { user } = renderWithProviders(<TemplatesListPage />);
    expect(await screen.findByRole('link', { name: 'Blog post' })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(await screen.findByRole('option', { name: 'Archived' }));
    expect(await screen.findByText('No templates match')).toBeInTheDocument();
  });

  it('pages through results', async () => {
    serveQueries('/templates/', (params) => {
      const p = Number(params.get('page'));
      return answer('templates_list', { ...page([makeTemplate({ id: p, name: `Page ${p} item` })], 30), next: p === 1 ? 'x' : null });
    });
    const { user } = renderWithProviders(<TemplatesListPage />);
    expect(await screen.findByRole('link', { name: 'Page 1 item' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByRole('link', { name: 'Page 2 item' })).toBeInTheDocument();
  });

  it('keeps search, state, sort and page in the URL and reads them back', async () => {
    const queries = serveQueries('/templates/', () => answer('templates_list', { ...page(all, 60), next: 'x' }));
    const { user, router } = renderWithProviders(<TemplatesListPage />, { route: '/templates?search=blog&state=archived&ordering=name&page=2' });
    await screen.findByRole('link', { name: 'Blog post' });
    expect(Object.fromEntries(queries[0])).toMatchObject({ search: 'blog', archived: 'true', ordering: 'name', page: '2' });
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('blog');

    await user.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() => expect(router.state.location.search).toBe('?search=blog&state=archived&ordering=name&page=3'));
    await user.type(screen.getByRole('textbox', { name: 'Search' }), 's');
    // A new search starts again at page 1.
    await waitFor(() => expect(router.state.location.search).toBe('?search=blogs&state=archived&ordering=name'));
  });

  it('shows an error state with retry', async () => {
    server.use(http.get(`${API}/templates/`, () => apiError(503, 'Database unavailable', {}, 'server_error')));
    renderWithProviders(<TemplatesListPage />);
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
