import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { answer, API, apiError, me, renderWithProviders, server, serveBodies } from '../../testing';
import { ProfilePage } from './components/profile/ProfilePage';

/** Record the bodies of `PATCH /api/me/` and answer each with `reply`. */
const patches = (reply: (body: Record<string, string>) => Response) => serveBodies<Record<string, string>>('patch', '/me/', reply);

/** Fill in the password form and send it. */
async function changePassword(user: UserEvent, current: string, next: string, again = next) {
  await user.type(await screen.findByLabelText(/^Current password/), current);
  await user.type(screen.getByLabelText(/^New password\W*$/), next);
  await user.type(screen.getByLabelText(/^New password again/), again);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

afterEach(() => globalThis.localStorage.clear());

// Password inputs have no role in jsdom's accessibility tree: they are found by their labels.
describe('profile', () => {
  it('saves the first and last name', async () => {
    const bodies = patches((body) => answer('me_partial_update', { ...me, ...body }));
    const { user } = renderWithProviders(<ProfilePage />);
    const first = await screen.findByRole('textbox', { name: 'First name' });
    expect(first).toHaveValue('Ana');
    await user.clear(first);
    await user.type(first, ' Ana Clara ');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByText('Name saved.')).toBeInTheDocument();
    expect(bodies).toEqual([{ first_name: 'Ana Clara', last_name: 'Silva' }]);
  });

  it('shows what the server refuses beside its field', async () => {
    patches(() => apiError(400, 'Invalid input: current_password.', { current_password: ['The current password is not correct.'] }));
    const { user } = renderWithProviders(<ProfilePage />);
    await changePassword(user, 'wrong-one', 'a-new-long-pass');
    await waitFor(() => expect(screen.getByLabelText(/^Current password/)).toHaveAccessibleDescription('The current password is not correct.'));
    expect(screen.getByRole('alert')).toHaveTextContent('Check the highlighted fields.');
  });

  it('refuses two different new passwords without asking the server', async () => {
    const bodies = patches(() => answer('me_partial_update', me));
    const { user } = renderWithProviders(<ProfilePage />);
    await changePassword(user, 'my-password', 'a-new-long-pass', 'a-new-long-typo');
    expect(screen.getByLabelText(/^New password again/)).toHaveAccessibleDescription('Type the same new password twice.');
    expect(bodies).toEqual([]);
  });

  it('sends the current and the new password, then clears the form', async () => {
    const bodies = patches(() => answer('me_partial_update', me));
    const { user } = renderWithProviders(<ProfilePage />);
    await changePassword(user, 'my-password', 'a-new-long-pass');
    expect(await screen.findByText('Password changed.')).toBeInTheDocument();
    expect(bodies).toEqual([{ current_password: 'my-password', new_password: 'a-new-long-pass' }]);
    expect(screen.getByLabelText(/^Current password/)).toHaveValue('');
  });

  it('saves the language and time zone, and shows the dashboard in that language', async () => {
    let saved = me;
    server.use(http.get(`${API}/me/`, () => answer('me_retrieve', saved)));
    const bodies = patches((body) => {
      saved = { ...saved, ...body };
      return answer('me_partial_update', saved);
    });
    const { user } = renderWithProviders(<ProfilePage />);
    await user.click(await screen.findByRole('combobox', { name: 'Language' }));
    expect(within(screen.getByRole('listbox')).getByRole('option', { name: 'Follow the browser' })).toBeInTheDocument();
    await user.click(within(screen.getByRole('listbox')).getByRole('option', { name: 'Português (Brasil)' }));
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'Sao_Paulo');
    await user.click(await screen.findByRole('option', { name: 'America/Sao_Paulo' }));
    await user.click(screen.getByRole('button', { name: 'Save language and time zone' }));

    expect(await screen.findByRole('heading', { name: 'Perfil' })).toBeInTheDocument();
    expect(screen.getByText('Idioma e fuso horário salvos.')).toBeInTheDocument();
    expect(bodies).toEqual([{ language: 'pt-br', time_zone: 'America/Sao_Paulo' }]);
    expect(globalThis.localStorage.getItem('aiagency.locale')).toBe('pt-BR');
  });

  it('shows a refused time zone beside its field', async () => {
    patches(() => apiError(400, 'Invalid input: time_zone.', { time_zone: ['Not a known time zone.'] }));
    const { user } = renderWithProviders(<ProfilePage />);
    await user.click(await screen.findByRole('button', { name: 'Save language and time zone' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveAccessibleDescription('Not a known time zone.'));
  });
});
