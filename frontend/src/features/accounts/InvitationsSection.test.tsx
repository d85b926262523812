import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { API, page, renderWithProviders, server } from '../../testing';
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

  it('says when it lists one page of more pending invitations', async () => {
    const one = { id: 3, email: 'old@example.com', role: 'viewer', invited_by: 'ana@example.com', created_at: '2026-03-01T00:00:00Z', expires_at: '2026-03-08T00:00:00Z', accepted_at: null };
    server.use(http.get(`${API}/workspaces/1/invitations/`, () => HttpResponse.json(page([one], 30))));
    renderWithProviders(<InvitationsSection workspace={1} />);
    expect(await screen.findByText('Showing 1 of 30.')).toBeInTheDocument();
  });
});
