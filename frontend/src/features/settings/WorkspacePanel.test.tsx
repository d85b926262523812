import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import type { BodyOf } from '../../lib/apiTypes';
import { answer, API, apiError, renderWithProviders, server } from '../../testing';
import { WorkspacePanel } from './WorkspacePanel';

const workspace = {
  id: 1,
  name: 'Acme Marketing',
  slug: 'acme',
  role: 'owner',
  default_provider: 'local' as const,
  default_model: 'local-draft',
  monthly_cost_budget: '50.00',
  daily_token_quota: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('workspace settings', () => {
  it('saves the budget and quota with the defaults', async () => {
    const patches: BodyOf<'workspaces_partial_update'>[] = [];
    server.use(
      http.get(`${API}/workspaces/1/`, () => answer('workspaces_retrieve', workspace)),
      http.patch(`${API}/workspaces/1/`, async ({ request }) => {
        const body = (await request.json()) as BodyOf<'workspaces_partial_update'>;
        patches.push(body);
        return body.daily_token_quota === -1 ? apiError(400, 'Invalid input: daily_token_quota.', { daily_token_quota: ['Ensure this value is greater than or equal to 0.'] }) : answer('workspaces_partial_update', { ...workspace, ...body, updated_at: '2026-01-02T00:00:00Z' });
      }),
    );
    const { user } = renderWithProviders(<WorkspacePanel workspace={1} canManage />);
    const budget = await screen.findByRole('textbox', { name: 'Monthly budget' });
    expect(budget).toHaveValue('50.00');
    await user.clear(budget);
    await user.type(budget, '75');
    await user.type(screen.getByRole('textbox', { name: 'Daily token quota' }), '-1');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Ensure this value is greater than or equal to 0.')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'Daily token quota' }));
    await user.type(screen.getByRole('textbox', { name: 'Daily token quota' }), '100000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(patches).toHaveLength(2));
    expect(patches[1]).toEqual({ default_provider: 'local', default_model: 'local-draft', monthly_cost_budget: '75', daily_token_quota: 100000 });
  });
});
