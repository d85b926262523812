import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { API, apiError, makeTemplate, renderWithProviders, server } from '../../testing';
import { TemplateEditorPage } from './components/TemplateEditorPage';

const v2 = makeTemplate();
const v3 = makeTemplate({}, { number: 3, body: 'Body saved by a colleague.', changelog: 'Their change' });

describe('template editor', () => {
  it('on 409 shows the newer version and can load it', async () => {
    let served = v2;
    const patches: Record<string, unknown>[] = [];
    server.use(
      http.get(`${API}/templates/1/`, () => HttpResponse.json(served)),
      http.patch(`${API}/templates/1/`, async ({ request }) => {
        patches.push((await request.json()) as Record<string, unknown>);
        served = v3; // a colleague saved version 3 meanwhile
        return apiError(409, 'This template is now at version 3 and your edit started from version 2: reload it and apply your change again.', { base_version: ['stale'] }, 'conflict');
      }),
    );
    const { user } = renderWithProviders(<TemplateEditorPage />, { route: '/templates/1', path: '/templates/:id' });

    await screen.findByRole('button', { name: 'Save new version' }); // role loaded: inputs enabled
    const body = screen.getByRole('textbox', { name: /^body/i });
    await user.clear(body);
    await user.type(body, 'My own edit');
    await user.click(screen.getByRole('button', { name: 'Save new version' }));

    const alert = await screen.findByText(/version 3 was saved while you were editing version 2/i);
    expect(alert).toBeInTheDocument();
    expect(patches[0]).toMatchObject({ base_version: 2, body: 'My own edit' });
    // The draft is kept until the user decides.
    expect(screen.getByRole('textbox', { name: /^body/i })).toHaveValue('My own edit');

    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(await screen.findByLabelText('Diff of Body')).toHaveTextContent('- Body saved by a colleague.');
    expect(screen.getByLabelText('Diff of Body')).toHaveTextContent('+ My own edit');
    await user.click(screen.getByRole('button', { name: 'Close' }));

    await user.click(await screen.findByRole('button', { name: 'Load newer version' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /^body/i })).toHaveValue('Body saved by a colleague.'));
  });

  it('"Keep my changes" rebases the edit on the newer version', async () => {
    let served = v2;
    const patches: Record<string, unknown>[] = [];
    server.use(
      http.get(`${API}/templates/1/`, () => HttpResponse.json(served)),
      http.patch(`${API}/templates/1/`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        if (body.base_version === 2) {
          served = v3;
          return apiError(409, 'Stale version.', {}, 'conflict');
        }
        served = makeTemplate({}, { number: 4, body: body.body as string });
        return HttpResponse.json(served);
      }),
    );
    const { user } = renderWithProviders(<TemplateEditorPage />, { route: '/templates/1', path: '/templates/:id' });
    await screen.findByRole('button', { name: 'Save new version' }); // role loaded: inputs enabled
    const body = screen.getByRole('textbox', { name: /^body/i });
    await user.clear(body);
    await user.type(body, 'Mine');
    await user.click(screen.getByRole('button', { name: 'Save new version' }));
    await user.click(await screen.findByRole('button', { name: 'Keep my changes' }));
    await user.click(screen.getByRole('button', { name: 'Save new version' }));

    expect(await screen.findByText('Saved as version 4.')).toBeInTheDocument();
    expect(patches.map((p) => p.base_version)).toEqual([2, 3]);
  });

  it('shows field errors from the API beside the inputs', async () => {
    server.use(
      http.patch(`${API}/templates/1/`, () =>
        apiError(400, 'Invalid input: body, variables.0.name.', {
          body: ['Unknown variable "topik" in the body.'],
          'variables.0.name': ['Use letters, digits and underscores.'],
        }),
      ),
    );
    const { user } = renderWithProviders(<TemplateEditorPage />, { route: '/templates/1', path: '/templates/:id' });
    await screen.findByRole('button', { name: 'Save new version' }); // role loaded: inputs enabled
    const body = screen.getByRole('textbox', { name: /^body/i });
    await user.type(body, ' topik');
    await user.click(screen.getByRole('button', { name: 'Save new version' }));

    expect(await screen.findByText('Unknown variable "topik" in the body.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^body/i })).toHaveAccessibleDescription('Unknown variable "topik" in the body.');
    expect(screen.getByText('Use letters, digits and underscores.')).toBeInTheDocument();
  });
});
