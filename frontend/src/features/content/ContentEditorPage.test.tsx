import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, author, makeItem, page, renderWithProviders, server } from '../../testing';
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

describe('content editor', () => {
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
