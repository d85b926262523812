import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeGeneration, makeLabel, page, renderWithProviders, server, sseAnswer, typeAndChooseTemplate } from '../../testing';
import { BatchesPage } from '../batches';
import { GeneratePage } from '../generations';

const labels = [makeLabel(), makeLabel({ name: 'staging', version: null, versions: [{ version: 1, weight: 90 }, { version: 2, weight: 10 }] })];

describe('label picker', () => {
  it('defaults to production on Generate, sends the label or version picked, and says which version ran through which label', async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.get(`${API}/templates/:id/labels/`, () => answer('templates_labels_list', labels)),
      http.post(`${API}/generations/stream/`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        const ran = body.label ? makeGeneration({ template_version: 1, label: 'staging', label_arm: 0 }) : makeGeneration({ template_version: 2 });
        return sseAnswer([['start', { id: ran.id }], ['done', ran]]);
      }),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    const picker = await screen.findByRole('combobox', { name: 'Label or version' });
    await waitFor(() => expect(picker).toHaveTextContent('production → version 1'));
    await user.type(screen.getByRole('textbox', { name: /^topic/ }), 'cats');

    await user.click(picker);
    await user.click(await screen.findByRole('option', { name: 'version 2 (latest)' }));
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('version 2')).toBeInTheDocument();
    expect(bodies[0]).toMatchObject({ template: 1, version: 2 });
    expect(bodies[0]).not.toHaveProperty('label');

    await user.click(picker);
    await user.click(await screen.findByRole('option', { name: 'staging → version 1 (90%) and version 2 (10%)' }));
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('version 1 via staging')).toBeInTheDocument();
    expect(bodies[1]).toMatchObject({ template: 1, label: 'staging' });
    expect(bodies[1]).not.toHaveProperty('version');
  });

  it('sends the label picked with a new batch', async () => {
    let sent: FormData | null = null;
    server.use(
      http.get(`${API}/batches/`, () => answer('batches_list', page([]))),
      http.get(`${API}/projects/`, () => answer('projects_list', page([]))),
      http.get(`${API}/templates/:id/labels/`, () => answer('templates_labels_list', labels)),
      http.post(`${API}/batches/`, async ({ request }) => {
        sent = await request.formData();
        return answer('batches_create', { dry_run: true, total: 1, valid: 1, invalid: 0, errors: [], ignored_columns: [], estimated_input_tokens: 10, estimated_output_tokens: 10, estimated_cost: '0', currency: 'USD', within_budget: true, provider: 'local', model: 'local-draft' });
      }),
    );
    const { user } = renderWithProviders(<BatchesPage />, { route: '/batches', path: '/batches' });
    const form = await screen.findByRole('form', { name: 'New batch' });
    await typeAndChooseTemplate(user, 'Blog post', form);
    await user.click(await within(form).findByRole('combobox', { name: 'Label or version' }));
    await user.click(await screen.findByRole('option', { name: /^staging/ }));
    await user.upload(within(form).getByLabelText('Batch file'), new File(['topic\ncats\n'], 'rows.csv', { type: 'text/csv' }));
    await user.click(within(form).getByRole('button', { name: 'Check file and estimate' }));
    await waitFor(() => expect(sent?.get('label')).toBe('staging'));
    expect(sent!.get('version')).toBeNull();
  });
});
