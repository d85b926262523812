import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { API, page, renderWithProviders, server, servePages } from '../../testing';
import { InvitationsSection } from './components/InvitationsSection';

describe('invitations', () => {
  it('invites by email and revokes a pending invitation', async () => {
    const pending = [{ id: 3, email: 'old@example.com', role: 'viewer', invited_by: 'ana@example.com', created_at: '2026-03-01T00:00:00Z', expires_at: '2026-03-08T00:00:00Z', accepted_at: null }];
    const sent: unknown[] = [];
    const revoked: string[] = [];
    server.use(
      http.get(`${API}/workspaces/1/invitations/`, () => HttpResponse.json(page(pending))),
      http.post(`${API}/workspaces/1/invitations/`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ ...pending[0], id: 4, email: 'new@example.com', role: 'editor' }, { status: 201 });
      }),
      http.delete(`${API}/workspaces/1/invitations/:id/`, ({ params }) => {
        revoked.push(String(params.id));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderWithProviders(<InvitationsSection workspace={1} />);
    await user.type(screen.getByLabelText(/email to invite/i), 'new@example.com');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('Invitation sent to new@example.com.')).toBeInTheDocument();
    expect(sent).toEqual([{ email: 'new@example.com', role: 'editor' }]);
    await user.click(await screen.findByRole('button', { name: 'Revoke the invitation of old@example.com' }));
    await waitFor(() => expect(revoked).toEqual(['3']));
  });

  it('pages through the pending invitations, and steps back a page when the last one of its page is revoked', async () => {
    const invitation = (id: number) => ({ id, email: `guest${id}@example.com`, role: 'viewer' as const, invited_by: 'ana@example.com', created_at: '2026-03-01T00:00:00Z', expires_at: '2026-03-08T00:00:00Z', accepted_at: null });
    const pending = Array.from({ length: 26 }, (_, i) => invitation(26 - i));
    const asked = servePages('/workspaces/1/invitations/', pending);
    server.use(
      http.delete(`${API}/workspaces/1/invitations/:id/`, ({ params }) => {
        pending.splice(pending.findIndex((i) => i.id === Number(params.id)), 1);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderWithProviders(<InvitationsSection workspace={1} />);
    const list = await screen.findByRole('list', { name: 'Pending invitations' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(25);
    expect(within(list).queryByText('guest1@example.com')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await within(list).findByText('guest1@example.com')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(asked.at(-1)!.get('page')).toBe('2');

    // Page 2 is gone with its only invitation: the list shows page 1, not an error.
    await user.click(screen.getByRole('button', { name: 'Revoke the invitation of guest1@example.com' }));
    expect(await screen.findByText('1–25 of 25')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Pending invitations' })).toHaveTextContent('guest26@example.com');
    expect(asked.at(-1)!.get('page')).toBe('1');
  });
});
