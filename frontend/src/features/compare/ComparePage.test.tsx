import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, apiError, makeGeneration, makeItem, renderWithProviders, server, serveManyTemplates, sseAnswer, typeAndChooseTemplate } from '../../testing';
import { ComparePage } from './index';
import type { ComparisonTarget } from './types';

const target = (index: number, overrides: Partial<ComparisonTarget> = {}): ComparisonTarget => ({
  index,
  generation: 811 + index,
  template: 1,
  version: 2,
  label: 'production',
  label_arm: null,
  provider: 'local',
  model: 'local-draft',
  params: {},
  status: 'queued',
  output: '',
  error: '',
  input_tokens: null,
  output_tokens: null,
  cost: null,
  latency_ms: null,
  ...overrides,
});

async function chooseTemplate(user: ReturnType<typeof renderWithProviders>['user'], group: HTMLElement) {
  await user.click(within(group).getByRole('combobox', { name: /Template/ }));
  await user.click(await screen.findByRole('option', { name: 'Blog post (v2)' }));
}

describe('compare', () => {
  it('runs two targets and streams their columns side by side, each with its figures, rating and save as content', async () => {
    let sent: unknown = null;
    let feedback: unknown = null;
    let saved: unknown = null;
    const next: (() => void)[] = [];
    const gates = [0, 1, 2].map(() => new Promise<void>((resolve) => next.push(resolve)));
    server.use(
      http.post(`${API}/comparisons/`, async ({ request }) => {
        sent = await request.json();
        return answer('comparisons_create', { id: 97, workspace: 1, variables: {}, status: 'running', created_at: '2026-03-05T09:00:00Z', targets: [target(0), target(1, { provider: 'openai', model: 'gpt-4o-mini' })] }, { status: 202 });
      }),
      http.get(`${API}/comparisons/97/stream/`, () =>
        sseAnswer(
          [
            ['status', { index: 0, generation: 811, status: 'running' }],
            ['done', target(0, { status: 'succeeded', output: 'Cats nap a lot.', input_tokens: 40, output_tokens: 210, cost: '0.000460', latency_ms: 1830 })],
            ['error', target(1, { status: 'failed', provider: 'openai', model: 'gpt-4o-mini', error: 'openai: 401 unauthorized' })],
            ['end', { comparison: 97 }],
          ],
          gates,
        ),
      ),
      http.get(`${API}/generations/:id/`, ({ params }) => answer('generations_retrieve', makeGeneration({ id: Number(params.id), status: Number(params.id) === 811 ? 'succeeded' : 'failed' }))),
      http.post(`${API}/generations/811/feedback/`, async ({ request }) => {
        feedback = await request.json();
        return answer('generations_feedback_create', makeGeneration({ id: 811, rating_average: 5, rating_count: 1, my_rating: { rating: 5, feedback: '' } }));
      }),
      http.post(`${API}/content/`, async ({ request }) => {
        saved = await request.json();
        return answer('content_create', { ...makeItem({ id: 9 }), body: 'Cats nap a lot.' });
      }),
    );
    const { user, router } = renderWithProviders(<ComparePage />, { route: '/compare', path: '/compare' });
    const first = await screen.findByRole('group', { name: 'Target 1' });
    const second = screen.getByRole('group', { name: 'Target 2' });
    await chooseTemplate(user, first);
    await chooseTemplate(user, second);
    await user.click(within(second).getByRole('combobox', { name: 'Provider' }));
    await user.click(await screen.findByRole('option', { name: /OpenAI/ }));
    await user.type(screen.getByRole('textbox', { name: /^topic/ }), 'cats');
    await user.click(screen.getByRole('button', { name: 'Compare' }));

    await waitFor(() =>
      expect(sent).toEqual({ variables: { topic: 'cats', words: 300, formal: false, tone: 'friendly' }, targets: [{ template: 1 }, { template: 1, provider: 'openai' }] }),
    );
    const local = await screen.findByRole('region', { name: 'Blog post · local / local-draft' });
    const openai = screen.getByRole('region', { name: 'Blog post · openai / gpt-4o-mini' });
    expect(within(local).getByText('running')).toBeInTheDocument();
    next[0]();
    expect(await within(local).findByText('Cats nap a lot.')).toBeInTheDocument();
    for (const text of ['40 in · 210 out tokens', 'cost $0.000460', 'latency 1.83 sec', 'version 2 via production']) expect(within(local).getByText(text)).toBeInTheDocument();
    expect(within(openai).queryByText('openai: 401 unauthorized')).not.toBeInTheDocument();
    next[1]();
    expect(await within(openai).findByText('openai: 401 unauthorized')).toBeInTheDocument();
    next[2]();
    expect(await screen.findByRole('button', { name: 'Compare' })).toBeEnabled();

    fireEvent.click(await within(local).findByRole('radio', { name: '5 Stars' }));
    await user.click(within(local).getByRole('button', { name: 'Send rating' }));
    await waitFor(() => expect(feedback).toEqual({ rating: 5, feedback: '' }));
    expect(within(openai).queryByRole('button', { name: 'Save as content' })).not.toBeInTheDocument();
    await user.click(within(local).getByRole('button', { name: 'Save as content' }));
    await waitFor(() => expect(saved).toEqual({ generation: 811 }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/content/9'));
  });

  it('shows a refused target beside its fields', async () => {
    server.use(http.post(`${API}/comparisons/`, () => apiError(400, 'Invalid input.', { 'targets.1.model': ['Unknown model.'], 'targets.0.variables.topic': ['Too long.'] })));
    const { user } = renderWithProviders(<ComparePage />, { route: '/compare', path: '/compare' });
    await chooseTemplate(user, await screen.findByRole('group', { name: 'Target 1' }));
    await chooseTemplate(user, screen.getByRole('group', { name: 'Target 2' }));
    await user.type(screen.getByRole('textbox', { name: /^topic/ }), 'cats');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(await within(screen.getByRole('group', { name: 'Target 2' })).findByText('Unknown model.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^topic/ })).toHaveAccessibleDescription(/Too long\./);
  });

  it('finds each target’s template past the first page by typing, and takes its variables', async () => {
    serveManyTemplates();
    let sent: unknown = null;
    server.use(
      http.post(`${API}/comparisons/`, async ({ request }) => {
        sent = await request.json();
        return answer('comparisons_create', { id: 98, workspace: 1, variables: {}, status: 'running', created_at: '2026-03-05T09:00:00Z', targets: [target(0, { template: 133 }), target(1, { template: 138 })] }, { status: 202 });
      }),
      http.get(`${API}/comparisons/98/stream/`, () => sseAnswer([['end', { comparison: 98 }]])),
    );
    const { user } = renderWithProviders(<ComparePage />, { route: '/compare', path: '/compare' });
    await typeAndChooseTemplate(user, 'Template 33', await screen.findByRole('group', { name: 'Target 1' }));
    await typeAndChooseTemplate(user, 'Template 38', screen.getByRole('group', { name: 'Target 2' }));
    // The chosen templates' variable, not the first page's.
    await user.type(screen.getByRole('textbox', { name: /^product/ }), 'oat milk');
    await user.click(screen.getByRole('button', { name: 'Compare' }));

    await waitFor(() => expect(sent).toEqual({ variables: { product: 'oat milk' }, targets: [{ template: 133 }, { template: 138 }] }));
    expect(await screen.findByRole('region', { name: 'Template 33 · local / local-draft' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Template 38 · local / local-draft' })).toBeInTheDocument();
  });
});
