import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { AppRoutes } from '../../app/routes';
import { answer, API, makeTemplate, page, renderWithProviders, server } from '../../testing';

describe('workspace switcher', () => {
  it('lists the memberships and reloads screens for the chosen workspace', async () => {
    const requested: string[] = [];
    server.use(
      http.get(`${API}/templates/`, ({ request }) => {
        const workspace = new URL(request.url).searchParams.get('workspace')!;
        requested.push(workspace);
        return answer('templates_list', page([makeTemplate({ id: Number(workspace) * 10, name: `Template of ${workspace}` })]));
      }),
    );
    const { store, user } = renderWithProviders(<AppRoutes />, { route: '/templates' });

    expect(await screen.findByRole('link', { name: 'Template of 1' })).toBeInTheDocument();
    // Owner in workspace 1: can create templates.
    expect(screen.getByRole('link', { name: /new template/i })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Workspace' }));
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getByText('Acme Marketing')).toBeInTheDocument();
    await user.click(within(listbox).getByText('Side Project'));

    expect(await screen.findByRole('link', { name: 'Template of 2' })).toBeInTheDocument();
    expect(store.getState().session.workspaceId).toBe(2);
    expect(requested).toContain('2');
    // Viewer in workspace 2: write actions are gone.
    expect(screen.queryByRole('link', { name: /new template/i })).not.toBeInTheDocument();
  });

  it('selects the first workspace when the stored one is no longer available', async () => {
    const { store } = renderWithProviders(<AppRoutes />, {
      route: '/templates',
      preloadedState: { session: { access: 'a', refresh: 'r', workspaceId: 99 } },
    });
    expect(await screen.findByRole('heading', { name: 'Templates' })).toBeInTheDocument();
    expect(store.getState().session.workspaceId).toBe(1);
  });
});
