import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeItem, me, page, renderWithProviders, server } from '../../testing';
import { ContentPage } from './index';
import type { ContentItem } from './types';

const spring = { id: 4, workspace: 1, name: 'Spring', slug: 'spring', description: '', due_date: null, archived: false, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z' };

/** The list answers `items` in their status's column and nothing elsewhere; records each query. */
function serveBoard(items: ContentItem[], counts: Record<string, number> = {}) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/content/`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      const shown = items.filter((item) => item.status === params.get('status'));
      return answer('content_list', page(shown, counts[params.get('status') ?? ''] ?? shown.length));
    }),
    http.get(`${API}/projects/`, () => answer('projects_list', page([spring]))),
    http.get(`${API}/projects/4/`, () => answer('projects_retrieve', spring)),
  );
  return queries;
}

describe('content board', () => {
  it('offers an editor only the moves an editor may take', async () => {
    server.use(http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, memberships: [{ ...me.memberships[0], role: 'editor' }] })));
    serveBoard([makeItem()]);
    const { user } = renderWithProviders(<ContentPage />, { route: '/content' });

    const column = await screen.findByRole('list', { name: 'In review items' });
    await user.click(await within(column).findByRole('button', { name: 'Move Ten tips for spring' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Archive']);
  });

  it('asks a reviewer what should change before requesting changes', async () => {
    serveBoard([makeItem()]);
    const sent: unknown[] = [];
    server.use(
      http.post(`${API}/content/5/request-changes/`, async ({ request }) => {
        sent.push(await request.json());
        return answer('content_request_changes_create', { ...makeItem({ status: 'changes_requested' }), body: 'Text' });
      }),
    );
    const { user } = renderWithProviders(<ContentPage />, { route: '/content' });

    await user.click(await screen.findByRole('button', { name: 'Move Ten tips for spring' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Request changes' }));
    const send = await screen.findByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: /what should change/i }), 'Shorter intro.');
    await user.click(send);
    await waitFor(() => expect(sent).toEqual([{ comment: 'Shorter intro.' }]));
  });

  it('says how many items a full column leaves out, linking to them in the table', async () => {
    serveBoard([makeItem({ status: 'draft', allowed_actions: ['submit', 'archive'] })], { draft: 120 });
    renderWithProviders(<ContentPage />, { route: '/content?project=4' });

    const more = await screen.findByText(/119 more not shown/);
    expect(within(more).getByRole('link', { name: 'Open them in the table' })).toHaveAttribute('href', '/content?project=4&status=draft&view=table');
  });

  it('keeps the search in the URL and sends it to every column', async () => {
    const queries = serveBoard([]);
    const { user, router } = renderWithProviders(<ContentPage />, { route: '/content' });

    await user.type(await screen.findByRole('textbox', { name: 'Search' }), 'cork');
    await waitFor(() => expect(router.state.location.search).toBe('?search=cork'));
    await waitFor(() => expect(queries.filter((q) => q.get('search') === 'cork').map((q) => q.get('status')).sort()).toEqual(['approved', 'archived', 'changes_requested', 'draft', 'in_review', 'published']));
  });
});
