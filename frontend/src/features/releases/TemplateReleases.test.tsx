import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, author, makeEvaluation, makeLabel, makeTemplate, me, page, renderWithProviders, server, servePages, sseAnswer } from '../../testing';
import { TemplateEditorPage } from '../templates';
import type { LabelMove } from './types';

const gated = makeTemplate({ release_gates: [{ label: 'production', dataset: 5, min_pass_rate: 0.9, provider: 'local', model: 'local-draft' }] });

const gateRefusal = (best: number | null) =>
  HttpResponse.json(
    {
      error: {
        code: 'gate_not_passed',
        message: "Label 'production' is gated.",
        fields: { version: ['gated'] },
        details: { label: 'production', version: 2, dataset: 5, min_pass_rate: 0.9, best_pass_rate: best },
      },
    },
    { status: 409 },
  );

function renderTemplatePage() {
  server.use(http.get(`${API}/templates/:id/`, () => answer('templates_retrieve', gated)));
  return renderWithProviders(<TemplateEditorPage />, { route: '/templates/1', path: '/templates/:id' });
}

describe('template releases', () => {
  it('promotes a version by running its release gate evaluation, with its progress', async () => {
    const moves: unknown[] = [];
    let evaluationBody: unknown = null;
    const next: (() => void)[] = [];
    const gates = [0, 1].map(() => new Promise<void>((resolve) => next.push(resolve)));
    server.use(
      http.get(`${API}/templates/:id/labels/`, () => answer('templates_labels_list', [makeLabel()])),
      http.post(`${API}/templates/:id/labels/`, async ({ request }) => {
        moves.push(await request.json());
        return moves.length === 1 ? gateRefusal(null) : answer('templates_labels_create', makeLabel({ version: 2, versions: [{ version: 2, weight: 100 }] }));
      }),
      http.post(`${API}/evaluations/`, async ({ request }) => {
        evaluationBody = await request.json();
        return answer('evaluations_create', makeEvaluation(), { status: 202 });
      }),
      http.get(`${API}/evaluations/31/events/`, () =>
        sseAnswer(
          [
            ['progress', makeEvaluation({ progress: { done: 2, total: 4 } })],
            ['progress', makeEvaluation({ status: 'scoring', progress: { done: 4, total: 4 } })],
            ['done', makeEvaluation({ status: 'finished', progress: { done: 4, total: 4 }, passed: 4, pass_rate: 1 })],
          ],
          gates,
        ),
      ),
    );
    const { user } = renderTemplatePage();
    await user.click(await screen.findByRole('button', { name: 'Promote version 2 to production' }));

    expect(await screen.findByText("Running the release gate's evaluation: 2 of 4 rows")).toBeInTheDocument();
    next[0]();
    expect(await screen.findByText('Checking the outputs against the release gate…')).toBeInTheDocument();
    next[1]();
    expect(evaluationBody).toEqual({ template: 1, version: 2, dataset: 5, cache: true, provider: 'local', model: 'local-draft' });
    expect(await screen.findByText('Version 2 is in production.')).toBeInTheDocument();
    expect(moves).toEqual([{ name: 'production', version: 2 }, { name: 'production', version: 2 }]);
  });

  it('says how far a failed gate got and lets an owner force the move with a reason', async () => {
    const moves: Record<string, unknown>[] = [];
    server.use(
      http.post(`${API}/templates/:id/labels/`, async ({ request }) => {
        moves.push((await request.json()) as Record<string, unknown>);
        return moves.length === 1 ? gateRefusal(0.5) : answer('templates_labels_create', makeLabel({ version: 2 }));
      }),
    );
    const { user } = renderTemplatePage();
    await user.click(await screen.findByRole('button', { name: 'Promote version 2 to production' }));
    expect(await screen.findByText(/the release gate needs 90.0% of the rows to pass, and the evaluation reached 50.0%/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Force…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Force version 2 into production?' });
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'Hotfix for a launch');
    await user.click(within(dialog).getByRole('button', { name: 'Force the move' }));

    expect(await screen.findByText('Version 2 is in production (forced).')).toBeInTheDocument();
    expect(moves[1]).toEqual({ name: 'production', version: 2, force: true, reason: 'Hotfix for a launch' });
  });

  it('lists labels and canary splits, moves one with a reason and shows its history', async () => {
    let moved: unknown = null;
    server.use(
      http.get(`${API}/templates/:id/labels/`, () =>
        answer('templates_labels_list', [
          makeLabel(),
          makeLabel({ name: 'staging', version: null, versions: [{ version: 1, weight: 90 }, { version: 2, weight: 10 }] }),
        ]),
      ),
      http.post(`${API}/templates/:id/labels/`, async ({ request }) => {
        moved = await request.json();
        return answer('templates_labels_create', makeLabel({ name: 'staging', version: 2 }));
      }),
      http.get(`${API}/templates/:id/labels/production/history/`, () =>
        answer(
          'templates_labels_history_list',
          page([{ id: 9, label: 'production', from_versions: [{ version: 1, weight: 100 }], to_versions: [{ version: 2, weight: 100 }], reason: 'Better intros', forced: true, user: author, created_at: '2026-03-04T10:00:00Z' }]),
        ),
      ),
    );
    const { user } = renderTemplatePage();
    const labels = await screen.findByRole('list', { name: 'Labels' });
    expect(await within(labels).findByText('version 1 (90%) and version 2 (10%)')).toBeInTheDocument();
    expect(screen.getByText('Release gate: production needs 90.0% of dataset 5 to pass.')).toBeInTheDocument();

    await user.click(within(labels).getByRole('button', { name: 'Move staging' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move the label staging' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Canary version' }));
    await user.click(await screen.findByRole('option', { name: 'None' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Reason' }), 'Canary done');
    await user.click(within(dialog).getByRole('button', { name: 'Move label' }));
    await waitFor(() => expect(moved).toEqual({ name: 'staging', version: 1, reason: 'Canary done', force: false }));

    await user.click(within(labels).getByRole('button', { name: 'History of production' }));
    const history = await screen.findByRole('list', { name: 'History of production' });
    expect(within(history).getByText('version 1 → version 2')).toBeInTheDocument();
    expect(within(history).getByText('Better intros')).toBeInTheDocument();
    expect(within(history).getByText(/forced/)).toBeInTheDocument();
  });

  it('pages through a label’s history, and opens another label’s on its first page', async () => {
    const move = (id: number, label: string): LabelMove => ({
      id, label, from_versions: [{ version: 1, weight: 100 }], to_versions: [{ version: 2, weight: 100 }], reason: `${label} move ${id}`, forced: false, user: author, created_at: '2026-03-04T10:00:00Z',
    });
    server.use(http.get(`${API}/templates/:id/labels/`, () => answer('templates_labels_list', [makeLabel(), makeLabel({ name: 'staging' })])));
    // Newest first, as the API lists them.
    const asked = servePages('/templates/1/labels/production/history/', Array.from({ length: 30 }, (_, i) => move(30 - i, 'production')));
    const askedStaging = servePages('/templates/1/labels/staging/history/', [move(1, 'staging')]);
    const { user } = renderTemplatePage();
    const labels = await screen.findByRole('list', { name: 'Labels' });

    await user.click(within(labels).getByRole('button', { name: 'History of production' }));
    const history = await screen.findByRole('list', { name: 'History of production' });
    expect(await within(history).findByText('production move 30')).toBeInTheDocument();
    expect(within(history).getAllByRole('listitem')).toHaveLength(25);
    // The history's pager, not the version history's.
    await user.click(within(labels).getByRole('button', { name: 'Go to next page' }));
    expect(await within(history).findByText('production move 5')).toBeInTheDocument();
    expect(within(history).getAllByRole('listitem').map((item) => within(item).getByText(/^production move/).textContent)).toEqual([5, 4, 3, 2, 1].map((id) => `production move ${id}`));
    expect(asked.at(-1)!.get('page')).toBe('2');
    expect(screen.getByText('26–30 of 30')).toBeInTheDocument();

    await user.click(within(labels).getByRole('button', { name: 'History of staging' }));
    const staging = await screen.findByRole('list', { name: 'History of staging' });
    expect(await within(staging).findByText('staging move 1')).toBeInTheDocument();
    expect(askedStaging.map((query) => query.get('page'))).toEqual(['1']);
  });

  it('compares the versions and the labels and canary arms they ran through', async () => {
    const figures = {
      generations: 40, succeeded: 38, failed: 2, cancelled: 0, success_rate: 0.95, error_rate: 0.05, cache_hits: 0, cache_hit_ratio: 0,
      input_tokens: 400, output_tokens: 800, cost: '0.012000', fallbacks: 0, average_rating: 4.25, ratings: 8,
      content_items: 10, content_approved: 8, approval_rate: 0.8, edit_ratio_median: 0.125,
    };
    server.use(
      http.get(`${API}/analytics/versions/`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('template')).toBe('1');
        return answer('analytics_versions_retrieve', {
          workspace: 1,
          template: 1,
          versions: [
            {
              ...figures, version: 2, latency_p50_ms: 820, latency_p95_ms: 2400, evaluations: 1, evaluation_pass_rate: 0.9,
              best_evaluation: 31, latest_evaluation: 31, latest_evaluation_pass_rate: 0.9,
              labels: [{ ...figures, label: 'production', arm: 1, generations: 4, latency_p50_ms: 700, latency_p95_ms: 900 }],
            },
          ],
        });
      }),
    );
    renderTemplatePage();
    const table = await screen.findByRole('table', { name: 'Figures per version' });
    const row = within(table).getByRole('row', { name: /^version 2/ });
    for (const text of ['40', '95.0%', '820 ms', '2.4 sec', '$0.0120', '4.3', '90.0%', '80.0%', '12.5%']) expect(within(row).getByText(text)).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /^production, canary arm 2 4 / })).toBeInTheDocument();
  });

  it('speaks Brazilian Portuguese with the saved language', async () => {
    server.use(http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, language: 'pt-br' })));
    renderTemplatePage();
    expect(await screen.findByRole('button', { name: 'Promover a versão 2 para produção' })).toBeInTheDocument();
    expect(await screen.findByText('Critério de liberação: production exige que 90,0% do conjunto de dados 5 passe.')).toBeInTheDocument();
  });
});
