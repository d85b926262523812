import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, author, makeItem, page, renderWithProviders, server } from '../../testing';
import type { Comment, Revision } from './types';
import { ContentEditorPage } from './index';

const item = { ...makeItem({ status: 'draft', allowed_actions: ['submit', 'archive'] }), body: '# Ten tips\n\nOld text.' };

function serveItem() {
  const patches: unknown[] = [];
  server.use(
    http.get(`${API}/content/5/`, () => answer('content_retrieve', item)),
    http.get(`${API}/content/5/revisions/`, () =>
      answer('content_revisions_list', page([{ number: 1, title: 'Ten tips', body: item.body, author: null, edit_ratio: 0, created_at: item.created_at }])),
    ),
    http.get(`${API}/content/5/comments/`, () => answer('content_comments_list', page([]))),
    http.get(`${API}/content/5/diff/`, () =>
      answer('content_diff_retrieve', { from_revision: 1, to_revision: 2, title_changed: false, ops: [{ op: 'equal', text: 'Ten tips ' }, { op: 'delete', text: 'Old' }, { op: 'insert', text: 'New' }] }),
    ),
    http.patch(`${API}/content/5/`, async ({ request }) => {
      patches.push(await request.json());
      return answer('content_partial_update', { ...item, body: 'Edited', revision: 3, created_by: author });
    }),
  );
  return patches;
}

/**
 * Item 5's editor, its `history` answering `rows` two to a page as the server orders them (newest
 * first), whatever page size is asked for; with the history's list.
 */
async function openWithHistory(history: 'comments' | 'revisions', rows: (Comment | Revision)[]) {
  serveItem();
  server.use(
    http.get(`${API}/content/5/${history}/`, ({ request }) => {
      const number = Number(new URL(request.url).searchParams.get('page') ?? 1);
      const next = rows.length > number * 2 ? `${request.url.split('?')[0]}?page=${number + 1}` : null;
      return HttpResponse.json({ ...page(rows.slice((number - 1) * 2, number * 2), rows.length), next });
    }),
  );
  const { user } = renderWithProviders(<ContentEditorPage />, { route: '/content/5', path: '/content/:id' });
  const list = await screen.findByRole('list', { name: history === 'comments' ? 'Comments' : 'Revisions' });
  return { user, list };
}

const revision = (number: number): Revision => ({ number, title: 'Ten tips', body: item.body, author: number === 1 ? null : author, edit_ratio: 0, created_at: item.created_at });
const comment = (id: number): Comment => ({ id, body: `Comment ${id}`, author, resolved: false, resolved_by: null, resolved_at: null, created_at: `2026-03-0${id}T10:00:00Z` });

describe('content editor', () => {
  it('says the thread has more than is shown, and "Show older comments" brings the oldest back above the rest', async () => {
    const { user, list } = await openWithHistory('comments', [comment(3), comment(2), comment(1)]);
    expect(await screen.findByText('Showing the latest 2 of 3 comments.')).toBeInTheDocument();
    const bodies = () => within(list).getAllByText(/^Comment \d$/).map((body) => body.textContent);
    await waitFor(() => expect(bodies()).toEqual(['Comment 2', 'Comment 3']));

    await user.click(screen.getByRole('button', { name: 'Show older comments' }));
    await waitFor(() => expect(bodies()).toEqual(['Comment 1', 'Comment 2', 'Comment 3']));
    expect(screen.queryByText(/Showing the latest/)).not.toBeInTheDocument();
  });

  it('says there are older revisions and lists them on "Show older revisions"; the AI’s original is always comparable', async () => {
    const { user, list } = await openWithHistory('revisions', [revision(3), revision(2), revision(1)]);
    expect(await screen.findByText('Showing the latest 2 of 3 revisions.')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    await user.click(screen.getByRole('combobox', { name: 'Compared with' }));
    expect(screen.getByRole('option', { name: 'r1 · the AI’s original' })).toBeInTheDocument();
    await user.keyboard('{Escape}');

    await user.click(screen.getByRole('button', { name: 'Show older revisions' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(within(list).getByText('r1 · the AI’s original')).toBeInTheDocument();
    expect(screen.queryByText(/Showing the latest/)).not.toBeInTheDocument();
  });


  it('shows the server’s diff against the AI’s original', async () => {
    serveItem();
    renderWithProviders(<ContentEditorPage />, { route: '/content/5', path: '/content/:id' });
    const diff = await screen.findByLabelText('Diff from revision 1');
    await waitFor(() => expect(diff.querySelector('del')).toHaveTextContent('Old'));
    expect(diff.querySelector('ins')).toHaveTextContent('New');
  });

  it('holds the transitions until the edit is saved, sending the revision it started from', async () => {
    const patches = serveItem();
    const { user } = renderWithProviders(<ContentEditorPage />, { route: '/content/5', path: '/content/:id' });
    const body = await screen.findByRole('textbox', { name: 'Body' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Submit for review' })).toBeEnabled());
    await user.clear(body);
    await user.paste('Edited');
    expect(screen.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save revision' }));
    expect(await screen.findByText('Saved as revision 3.')).toBeInTheDocument();
    expect(patches).toEqual([{ base_revision: 2, title: 'Ten tips for spring', body: 'Edited' }]);
    expect(screen.getByRole('button', { name: 'Submit for review' })).toBeEnabled();
  });
});
