import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, me, page, renderWithProviders, server } from '../../testing';
import { SettingsPage } from './SettingsPage';

describe('settings in Brazilian Portuguese', () => {
  it('shows the members with translated roles and dates in the saved language and time zone', async () => {
    server.use(
      http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, language: 'pt-br', time_zone: 'America/Sao_Paulo' })),
      http.get(`${API}/workspaces/1/members/`, () =>
        answer('workspaces_members_list', page([{ user: { id: 1, email: 'ana@example.com', first_name: 'Ana', last_name: 'Silva', is_staff: false, language: '', time_zone: 'UTC' }, role: 'viewer', created_at: '2026-03-01T10:00:00Z' }])),
      ),
      http.get(`${API}/workspaces/1/invitations/`, () => answer('workspaces_invitations_list', page([]))),
    );
    renderWithProviders(<SettingsPage />, { route: '/settings?tab=members' });

    expect(await screen.findByRole('heading', { name: 'Configurações' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Membros' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText('Acme Marketing · você é proprietário')).toBeInTheDocument();
    const row = (await screen.findByText('ana@example.com')).closest('tr')!;
    expect(within(row).getByText('leitor')).toBeInTheDocument();
    // 10:00 UTC is 07:00 in São Paulo, written the Brazilian way.
    expect(within(row).getByText('1 de mar. de 2026, 07:00')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Membros e papéis' })).toBeInTheDocument();
  });
});
