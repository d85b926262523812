import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { AppRoutes } from '../../app/routes';
import { STORAGE_KEYS } from '../../config/constants';
import { answer, API, apiError, me, renderWithProviders, server, serveBodies } from '../../testing';

describe('sign in', () => {
  it('stores the token pair and opens the dashboard', async () => {
    const bodies = serveBodies('post', '/auth/token/', () => answer('auth_token_create', { access: 'new-access', refresh: 'new-refresh' }));
    const { store, user } = renderWithProviders(<AppRoutes />, { route: '/login', preloadedState: {}, persist: true });

    await user.type(screen.getByLabelText(/email/i), 'ana@example.com');
    await user.type(screen.getByLabelText(/password/i), 'secret-pass');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(bodies).toEqual([{ email: 'ana@example.com', password: 'secret-pass' }]);
    expect(store.getState().session).toMatchObject({ access: 'new-access', refresh: 'new-refresh', workspaceId: 1 });
    expect(JSON.parse(localStorage.getItem(STORAGE_KEYS.session)!)).toMatchObject({ access: 'new-access', refresh: 'new-refresh' });
  });

  it('shows the API message when the credentials are wrong', async () => {
    server.use(http.post(`${API}/auth/token/`, () => apiError(401, 'No active account found with the given credentials', {}, 'authentication_failed')));
    const { store, user } = renderWithProviders(<AppRoutes />, { route: '/login', preloadedState: {} });

    await user.type(screen.getByLabelText(/email/i), 'ana@example.com');
    await user.type(screen.getByLabelText(/password/i), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('No active account found with the given credentials');
    expect(store.getState().session.access).toBeNull();
  });

  it('sends anonymous visitors to the sign-in page', async () => {
    renderWithProviders(<AppRoutes />, { route: '/templates', preloadedState: {} });
    expect(await screen.findByRole('heading', { name: 'Sign in to AI Agency' })).toBeInTheDocument();
  });
});

describe('after sign-in', () => {
  const signInAs = async (email: string) => {
    server.use(http.post(`${API}/auth/token/`, () => answer('auth_token_create', { access: 'a2', refresh: 'r2' })));
    const rendered = renderWithProviders(<AppRoutes />, {
      route: '/templates?search=blog',
      preloadedState: { session: { access: null, refresh: null, workspaceId: 1, user: 'ana@example.com' } },
    });
    await rendered.user.type(await screen.findByLabelText(/email/i), email);
    await rendered.user.type(screen.getByLabelText(/password/i), 'secret-pass');
    await rendered.user.click(screen.getByRole('button', { name: 'Sign in' }));
    return rendered;
  };

  it('opens the page the same user asked for', async () => {
    const { router } = await signInAs('Ana@example.com');
    expect(await screen.findByRole('heading', { name: 'Templates' })).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe('/templates?search=blog');
  });

  it('opens the dashboard for another person, not the previous user\'s page', async () => {
    const { router, store } = await signInAs('bob@example.com');
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(store.getState().session.user).toBe('bob@example.com');
  });
});

describe('token refresh in the base query', () => {
  it('refreshes once on 401, stores the rotated pair and retries', async () => {
    const refreshBodies: unknown[] = [];
    const seen: string[] = [];
    server.use(
      http.get(`${API}/me/`, ({ request }) => {
        const auth = request.headers.get('Authorization') ?? '';
        seen.push(auth);
        return auth === 'Bearer fresh-access' ? answer('me_retrieve', me) : apiError(401, 'Token expired', {}, 'token_not_valid');
      }),
      http.get(`${API}/templates/`, ({ request }) =>
        request.headers.get('Authorization') === 'Bearer fresh-access'
          ? answer('templates_list', { count: 0, next: null, previous: null, results: [] })
          : apiError(401, 'Token expired', {}, 'token_not_valid'),
      ),
      http.post(`${API}/auth/token/refresh/`, async ({ request }) => {
        refreshBodies.push(await request.json());
        return answer('auth_token_refresh_create', { access: 'fresh-access', refresh: 'rotated-refresh' });
      }),
    );
    const { store } = renderWithProviders(<AppRoutes />, {
      route: '/templates',
      preloadedState: { session: { access: 'stale-access', refresh: 'refresh-1', workspaceId: 1 } },
    });

    expect(await screen.findByText('No templates yet')).toBeInTheDocument();
    // Concurrent 401s (me + templates) share one refresh call.
    expect(refreshBodies).toEqual([{ refresh: 'refresh-1' }]);
    expect(seen[0]).toBe('Bearer stale-access');
    expect(seen.at(-1)).toBe('Bearer fresh-access');
    expect(store.getState().session).toMatchObject({ access: 'fresh-access', refresh: 'rotated-refresh' });
  });

  it('signs out when the refresh is refused', async () => {
    let refreshCalls = 0;
    server.use(
      http.get(`${API}/me/`, () => apiError(401, 'Token expired', {}, 'token_not_valid')),
      http.post(`${API}/auth/token/refresh/`, () => {
        refreshCalls += 1;
        return apiError(401, 'Token is blacklisted', {}, 'token_not_valid');
      }),
    );
    const { store } = renderWithProviders(<AppRoutes />, {
      route: '/',
      preloadedState: { session: { access: 'stale', refresh: 'revoked', workspaceId: 1 } },
    });

    expect(await screen.findByRole('heading', { name: 'Sign in to AI Agency' })).toBeInTheDocument();
    expect(refreshCalls).toBe(1);
    await waitFor(() => expect(store.getState().session.refresh).toBeNull());
  });
});

describe('sign out', () => {
  it('blacklists the refresh token and forgets the session', async () => {
    const bodies = serveBodies('post', '/auth/logout/', () => new HttpResponse(null, { status: 205 }));
    const { store, user } = renderWithProviders(<AppRoutes />, { route: '/' });
    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to AI Agency' })).toBeInTheDocument();
    expect(bodies).toEqual([{ refresh: 'refresh-1' }]);
    expect(store.getState().session.access).toBeNull();
  });
});
