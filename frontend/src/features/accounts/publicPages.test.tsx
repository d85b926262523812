import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { AppRoutes } from '../../app/routes';
import { browserTimeZone } from '../../i18n';
import { answer, API, apiError, renderWithProviders, server } from '../../testing';

const anonymous = { preloadedState: {} };

afterEach(() => globalThis.localStorage.clear());

describe('sign-up', () => {
  it('switches to Portuguese on the page and creates the account in it, with the browser time zone', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get(`${API}/auth/options/`, () => HttpResponse.json({ registration_open: true })),
      http.post(`${API}/auth/register/`, async ({ request }) => {
        bodies.push(await request.json());
        return new HttpResponse(null, { status: 201 });
      }),
      http.post(`${API}/auth/token/`, () => answer('auth_token_create', { access: 'a-new', refresh: 'r-new' })),
    );
    const { user, store } = renderWithProviders(<AppRoutes />, { route: '/signup', ...anonymous });
    expect(await screen.findByRole('heading', { name: 'Create your account' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Português (Brasil)' }));

    expect(await screen.findByRole('heading', { name: 'Crie sua conta' })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'E-mail' }), 'nova@example.com');
    await user.type(screen.getByLabelText(/^Senha/), 'a-long-new-pass');
    await user.click(screen.getByRole('button', { name: 'Criar conta' }));

    await waitFor(() => expect(store.getState().session).toMatchObject({ access: 'a-new', user: 'nova@example.com' }));
    expect(bodies).toEqual([{ first_name: '', last_name: '', email: 'nova@example.com', password: 'a-long-new-pass', language: 'pt-br', time_zone: browserTimeZone() }]);
  });
});

describe('password reset', () => {
  it('sends the link parameters with the new password and names a bad token', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${API}/auth/password-reset/confirm/`, async ({ request }) => {
        bodies.push(await request.json());
        return bodies.length === 1 ? apiError(400, 'Invalid input: token.', { token: ['This link has expired.'] }) : new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderWithProviders(<AppRoutes />, { route: '/reset-password?uid=MQ&token=abc-123', ...anonymous });
    await user.type(await screen.findByLabelText(/new password/i), 'a-long-new-pass');
    await user.click(screen.getByRole('button', { name: 'Set the password' }));
    expect(await screen.findByText(/This link has expired./)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
    await user.click(screen.getByRole('button', { name: 'Set the password' }));
    expect(await screen.findByText(/Your password is changed/)).toBeInTheDocument();
    expect(bodies[0]).toEqual({ uid: 'MQ', token: 'abc-123', password: 'a-long-new-pass' });
  });

  it('asks for a link without saying whether the address exists', async () => {
    server.use(http.post(`${API}/auth/password-reset/`, () => new HttpResponse(null, { status: 202 })));
    const { user } = renderWithProviders(<AppRoutes />, { route: '/forgot-password', ...anonymous });
    await user.type(await screen.findByLabelText(/email/i), 'who@example.com');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));
    expect(await screen.findByText(/If who@example.com has an account/)).toBeInTheDocument();
  });
});

describe('invitation link', () => {
  it('creates the account of a new person and signs them in', async () => {
    let accepted: unknown = null;
    server.use(
      http.get(`${API}/invitations/tok-1/`, () => HttpResponse.json({ workspace_name: 'Acme Marketing', email: 'new@example.com', role: 'editor', expired: false, has_account: false })),
      http.post(`${API}/invitations/tok-1/accept/`, async ({ request }) => {
        accepted = await request.json();
        return HttpResponse.json({ access: 'a-new', refresh: 'r-new' });
      }),
    );
    const { user, store } = renderWithProviders(<AppRoutes />, { route: '/invite/tok-1', ...anonymous });
    expect(await screen.findByRole('heading', { name: 'Join Acme Marketing' })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/your name/i), 'Nova');
    await user.type(screen.getByLabelText(/choose a password/i), 'a-long-new-pass');
    await user.click(screen.getByRole('button', { name: 'Create my account and join' }));
    await waitFor(() => expect(store.getState().session).toMatchObject({ access: 'a-new', refresh: 'r-new', user: 'new@example.com' }));
    expect(accepted).toEqual({ password: 'a-long-new-pass', name: 'Nova' });
  });

  it('says when an invitation has expired', async () => {
    server.use(http.get(`${API}/invitations/old/`, () => HttpResponse.json({ workspace_name: 'Acme', email: 'x@example.com', role: 'viewer', expired: true, has_account: true })));
    renderWithProviders(<AppRoutes />, { route: '/invite/old', ...anonymous });
    expect(await screen.findByText(/This invitation has expired/)).toBeInTheDocument();
  });
});
