import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, apiError, page, renderWithProviders, server } from '../../testing';
import { ProvidersPanel } from './components/ProvidersPanel';

const credential = { id: 7, workspace: 1, provider: 'openai' as const, api_key_last4: 'abcd', base_url: '', created_at: '2026-03-01T00:00:00Z', updated_at: '2026-03-01T00:00:00Z' };

/** Serves the one credential; records the ids deleted, answering each with `status`. */
function serveCredentials(status = 204) {
  const deleted: string[] = [];
  server.use(
    http.get(`${API}/provider-credentials/`, () => answer('provider_credentials_list', page([credential]))),
    http.delete(`${API}/provider-credentials/:id/`, ({ params }) => {
      deleted.push(String(params.id));
      return status === 204 ? new HttpResponse(null, { status }) : apiError(status, 'The credential is in use.', {}, 'conflict');
    }),
  );
  return deleted;
}

describe('provider credentials', () => {
  it('deletes a credential only once the question is confirmed', async () => {
    const deleted = serveCredentials();
    const { user } = renderWithProviders(<ProvidersPanel workspace={1} canManage />);
    const ask = await screen.findByRole('button', { name: 'Delete openai credential' });

    await user.click(ask);
    const question = await screen.findByRole('dialog', { name: 'Delete credential?' });
    expect(question).toHaveTextContent('this openai key');
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(deleted).toEqual([]);

    await user.click(ask);
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(deleted).toEqual(['7']));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows why a confirmed deletion was refused', async () => {
    serveCredentials(409);
    const { user } = renderWithProviders(<ProvidersPanel workspace={1} canManage />);
    await user.click(await screen.findByRole('button', { name: 'Delete openai credential' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('The credential is in use.')).toBeInTheDocument();
  });
});
