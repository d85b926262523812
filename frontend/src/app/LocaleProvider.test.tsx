import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { answer, API, me, renderWithProviders, server } from '../testing';
import { AppShell } from './AppShell';

afterEach(() => globalThis.localStorage.clear());

describe('language', () => {
  it('switches the dashboard to Brazilian Portuguese and saves it to the profile', async () => {
    let saved = me;
    const bodies: unknown[] = [];
    server.use(
      http.get(`${API}/me/`, () => answer('me_retrieve', saved)),
      http.patch(`${API}/me/`, async ({ request }) => {
        const body = (await request.json()) as { language: 'pt-br' };
        bodies.push(body);
        saved = { ...saved, ...body };
        return answer('me_partial_update', saved);
      }),
    );
    const { user } = renderWithProviders(<AppShell />);
    expect(await screen.findByRole('link', { name: 'History' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Account menu' }));
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Português (Brasil)' }));

    expect(await screen.findByRole('link', { name: 'Histórico' })).toBeInTheDocument();
    expect(bodies).toEqual([{ language: 'pt-br' }]);
    // Set by an effect after the render that shows the Portuguese menu: waited for, not assumed.
    await waitFor(() => expect(document.documentElement.lang).toBe('pt-BR'));
    expect(globalThis.localStorage.getItem('aiagency.locale')).toBe('pt-BR');
  });

  it('follows the language saved in the profile over the browser', async () => {
    server.use(http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, language: 'pt-br' })));
    renderWithProviders(<AppShell />);
    expect(await screen.findByRole('link', { name: 'Configurações' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument());
  });
});
