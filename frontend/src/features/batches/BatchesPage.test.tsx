import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, page, renderWithProviders, server, serveManyTemplates, servePages, typeAndChooseTemplate } from '../../testing';
import { BatchesPage, ProjectBatches } from './index';
import type { Batch } from './types';

const spring = { id: 3, workspace: 1, name: 'Spring launch', slug: 'spring-launch', description: '', due_date: null, archived: false, created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z' };

const batch: Batch = {
  id: 9, workspace: 1, template: 1, template_name: 'Blog post', template_version: 2, label: '', label_arm: null, user: 'ana@example.com', status: 'queued', provider: 'local', model: 'local-draft',
  params: {}, on_invalid: 'skip', source_name: 'topics.csv', total: 2, succeeded: 0, failed: 0, cancelled: 0, running: 0, queued: 2, invalid: 0, ignored_columns: [],
  throughput: null, eta_seconds: null, cost: null, estimated_cost: null, estimated_input_tokens: 0, estimated_output_tokens: 0, errors: [], results_available: false,
  created_at: '2026-03-05T09:00:00Z', started_at: null, finished_at: null, project: { id: 3, name: 'Spring launch' },
};

const dryRun = {
  dry_run: true, total: 2, valid: 2, invalid: 0, errors: [], ignored_columns: [], provider: 'local', model: 'local-draft',
  estimated_input_tokens: 10, estimated_output_tokens: 20, estimated_cost: '0.000000', currency: 'USD', within_budget: null,
};

describe('new batch in a project', () => {
  it('sends the project chosen (preselected by ?project=) with the check and the batch', async () => {
    const forms: FormData[] = [];
    server.use(
      http.get(`${API}/projects/`, () => answer('projects_list', page([spring]))),
      http.get(`${API}/projects/3/`, () => answer('projects_retrieve', spring)),
      http.get(`${API}/batches/`, () => answer('batches_list', page([batch]))),
      http.post(`${API}/batches/`, async ({ request }) => {
        const form = await request.formData();
        forms.push(form);
        return form.get('dry_run') === 'true' ? answer('batches_create', dryRun) : HttpResponse.json(batch, { status: 201 });
      }),
    );
    const { user, router } = renderWithProviders(<BatchesPage />, { route: '/batches?project=3' });

    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Project' })).toHaveValue('Spring launch'));
    await user.click(screen.getByRole('combobox', { name: 'Template' }));
    await user.click(await screen.findByRole('option', { name: 'Blog post (v2)' }));
    await user.upload(screen.getByLabelText('Batch file'), new File(['topic\ncork\nlinen\n'], 'topics.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file and estimate' }));
    await screen.findByText(/2 rows · 0 invalid/);
    await user.click(screen.getByRole('button', { name: 'Start batch' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/batches/9'));
    expect(forms.map((form) => [form.get('dry_run'), form.get('project')])).toEqual([
      ['true', '3'],
      ['false', '3'],
    ]);
  });

  it('finds a template past the first page by typing its name, and checks the file on it', async () => {
    serveManyTemplates();
    const forms: FormData[] = [];
    server.use(
      http.get(`${API}/projects/`, () => answer('projects_list', page([]))),
      http.get(`${API}/batches/`, () => answer('batches_list', page([]))),
      http.post(`${API}/batches/`, async ({ request }) => {
        forms.push(await request.formData());
        return answer('batches_create', dryRun);
      }),
    );
    const { user } = renderWithProviders(<BatchesPage />, { route: '/batches' });

    await user.click(await screen.findByRole('combobox', { name: 'Template' }));
    // The first page lists 25 of the 40 and says so; the 33rd is not among them.
    expect(await screen.findByText('25 of 40 templates listed: type to narrow the search.')).toBeInTheDocument();
    expect(screen.getAllByRole('option')).toHaveLength(25);
    expect(screen.queryByRole('option', { name: /Template 33/ })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.upload(screen.getByLabelText('Batch file'), new File(['product\ncork\nlinen\n'], 'products.csv', { type: 'text/csv' }));
    // A batch needs a template.
    expect(screen.getByRole('button', { name: 'Check file and estimate' })).toBeDisabled();

    await typeAndChooseTemplate(user, 'Template 33');
    expect(screen.getByRole('combobox', { name: 'Template' })).toHaveValue('Template 33 (v2)');
    await user.click(screen.getByRole('button', { name: 'Check file and estimate' }));
    await screen.findByText(/2 rows · 0 invalid/);
    expect(forms.map((form) => form.get('template'))).toEqual(['133']);
  });

  it('the list shows each batch’s project', async () => {
    server.use(
      http.get(`${API}/projects/`, () => answer('projects_list', page([spring]))),
      http.get(`${API}/batches/`, () => answer('batches_list', page([batch, { ...batch, id: 8, project: null }]))),
    );
    renderWithProviders(<BatchesPage />, { route: '/batches' });

    const table = await screen.findByRole('table', { name: 'Batches' });
    expect(within(table).getByRole('link', { name: 'Spring launch' })).toHaveAttribute('href', '/content/projects/3');
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('—');
  });

  it('pages through the batches, keeping the page in the URL', async () => {
    server.use(http.get(`${API}/projects/`, () => answer('projects_list', page([]))));
    const asked = servePages('/batches/', Array.from({ length: 27 }, (_, i) => ({ ...batch, id: 27 - i })));
    const { user, router } = renderWithProviders(<BatchesPage />, { route: '/batches' });

    const table = await screen.findByRole('table', { name: 'Batches' });
    expect(await within(table).findByRole('link', { name: '27' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await within(table).findByRole('link', { name: '1' })).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(asked.at(-1)!.get('page')).toBe('2');
    expect(router.state.location.search).toBe('?page=2');
  });

  it('goes back from a page past the last (an old link) to the last one', async () => {
    server.use(http.get(`${API}/projects/`, () => answer('projects_list', page([]))));
    servePages('/batches/', [batch]);
    const { router } = renderWithProviders(<BatchesPage />, { route: '/batches?page=2' });

    const table = await screen.findByRole('table', { name: 'Batches' });
    expect(within(table).getByRole('link', { name: '9' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('');
  });
});

describe("a project's batches", () => {
  it('lists only that project’s batches and starts a new one in it', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${API}/batches/`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return answer('batches_list', page([batch]));
      }),
    );
    renderWithProviders(<ProjectBatches project={3} />);

    expect(await screen.findByRole('heading', { name: 'Batches in this project' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Batches' });
    expect(within(table).getByRole('link', { name: '9' })).toHaveAttribute('href', '/batches/9');
    expect(within(table).queryByRole('columnheader', { name: 'Project' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New batch' })).toHaveAttribute('href', '/batches?project=3');
    expect(asked[0].get('project')).toBe('3');
  });
});
