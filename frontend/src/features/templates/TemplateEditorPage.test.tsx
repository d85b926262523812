import { act, screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import type { BodyOf } from '../../lib/apiTypes';
import { answer, API, apiError, makeTemplate, page, renderWithProviders, server, serveBodies, servePages } from '../../testing';
import { TemplateEditorPage } from './components/TemplateEditorPage';
import type { Template } from './types';

/** Template 1 in the editor, once the role has loaded (the inputs are enabled). */
async function openEditor() {
  const rendered = renderWithProviders(<TemplateEditorPage />, { route: '/templates/1', path: '/templates/:id' });
  await screen.findByRole('button', { name: 'Save new version' });
  return rendered;
}

/** Adds `text` to the body (or replaces the body with it), then saves unless told not to. */
async function editBody(user: UserEvent, text: string, { replace = false, save = true } = {}) {
  const body = screen.getByRole('textbox', { name: /^body/i });
  await (replace ? user.clear(body) : user.click(body));
  await user.paste(text);
  if (save) await user.click(screen.getByRole('button', { name: 'Save new version' }));
}

const v2 = makeTemplate();
const v3 = makeTemplate({}, { number: 3, body: 'Body saved by a colleague.', changelog: 'Their change' });

/**
 * Template 1 on the server, at v2: GET answers its latest version; each PATCH body is recorded and
 * answered by `reply`, which may save a newer version (`save`).
 */
function serveTemplate(reply: (body: Record<string, unknown>, save: (newer: Template) => void) => Response) {
  let served = v2;
  server.use(http.get(`${API}/templates/1/`, () => answer('templates_retrieve', served)));
  return serveBodies('patch', '/templates/1/', (body) =>
    reply(body, (newer) => {
      served = newer;
    }),
  );
}

describe('template editor', () => {
  it('on 409 shows the newer version and can load it', async () => {
    const patches = serveTemplate((_body, save) => {
      save(v3); // a colleague saved version 3 meanwhile
      return apiError(409, 'This template is now at version 3 and your edit started from version 2: reload it and apply your change again.', { base_version: ['stale'] }, 'conflict');
    });
    const { user } = await openEditor();
    await editBody(user, 'My own edit', { replace: true });

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
    const patches = serveTemplate((body, save) => {
      if (body.base_version === 2) {
        save(v3);
        return apiError(409, 'Stale version.', {}, 'conflict');
      }
      const saved = makeTemplate({}, { number: 4, body: body.body as string });
      save(saved);
      return answer('templates_partial_update', { ...saved, warnings: [], version_created: true });
    });
    const { user } = await openEditor();
    await editBody(user, 'Mine', { replace: true });
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
    const { user } = await openEditor();
    await editBody(user, ' topik');

    expect(await screen.findByText('Unknown variable "topik" in the body.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^body/i })).toHaveAccessibleDescription('Unknown variable "topik" in the body.');
    expect(screen.getByText('Use letters, digits and underscores.')).toBeInTheDocument();
  });
});

describe('restore', () => {
  const restoreFlow = async (reply: (body: Record<string, unknown>) => Response) => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.get(`${API}/templates/1/versions/`, () => answer('templates_versions_list', page([v2.current_version, makeTemplate({}, { number: 1, changelog: 'First' }).current_version]))),
      http.post(`${API}/templates/1/restore/`, async ({ request }) => {
        const body = (await request.json()) as BodyOf<'templates_restore_create'>;
        bodies.push(body);
        return reply(body);
      }),
    );
    const rendered = await openEditor();
    await rendered.user.click(await screen.findByRole('button', { name: 'Restore v1' }));
    await rendered.user.click(screen.getByRole('button', { name: 'Restore' }));
    return { ...rendered, bodies };
  };

  it('sends the version to restore and the version the page shows', async () => {
    const { bodies } = await restoreFlow(() => answer('templates_restore_create', { ...makeTemplate({}, { number: 3 }), warnings: [], version_created: true }));
    expect(await screen.findByText('Version 1 restored as version 3.')).toBeInTheDocument();
    expect(bodies).toEqual([{ version: 1, base_version: 2 }]);
  });

  it('a stale page gets the conflict flow and the old banner goes', async () => {
    let served = v2;
    server.use(http.get(`${API}/templates/1/`, () => answer('templates_retrieve', served)));
    const { user } = await restoreFlow(() => {
      served = v3;
      return apiError(409, 'This template is now at version 3.', { base_version: ['stale'] }, 'conflict');
    });
    expect(await screen.findByText(/version 3 was saved while you were editing version 2/i)).toBeInTheDocument();
    // The confirm dialog hides the page from the accessibility tree until its exit transition ends.
    await user.click(await screen.findByRole('button', { name: 'Load newer version' }));
    expect(await screen.findByText('Loaded version 3.')).toBeInTheDocument();
  });

  it('clears the last success banner when a restore fails', async () => {
    server.use(
      http.patch(`${API}/templates/1/`, () => answer('templates_partial_update', { ...makeTemplate({}, { number: 3 }), warnings: [], version_created: true })),
      http.get(`${API}/templates/1/versions/`, () => answer('templates_versions_list', page([v2.current_version, makeTemplate({}, { number: 1 }).current_version]))),
      http.post(`${API}/templates/1/restore/`, () => apiError(400, 'Version 1 cannot be restored.', {}, 'invalid')),
    );
    const { user } = await openEditor();
    await editBody(user, ' more');
    expect(await screen.findByText('Saved as version 3.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Restore v1' }));
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Version 1 cannot be restored.')).toBeInTheDocument();
    expect(screen.queryByText('Saved as version 3.')).not.toBeInTheDocument();
  });
});

describe('version history', () => {
  it('pages through the versions, and compares one on page 2 with the current one', async () => {
    server.use(http.get(`${API}/templates/1/`, () => answer('templates_retrieve', makeTemplate({}, { number: 30 }))));
    // Newest first, as the API lists them.
    const version = (number: number) => makeTemplate({}, { number, changelog: `Change ${number}` }).current_version;
    const asked = servePages('/templates/1/versions/', Array.from({ length: 30 }, (_, i) => version(30 - i)));
    // The diff reads both sides.
    server.use(http.get(`${API}/templates/1/versions/:number/`, ({ params }) => answer('templates_versions_retrieve', version(Number(params.number)))));
    const { user } = await openEditor();
    const versions = await screen.findByRole('list', { name: 'Versions' });
    expect(await within(versions).findByText('v30 (current) — Change 30')).toBeInTheDocument();
    expect(within(versions).getAllByRole('listitem')).toHaveLength(25);

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await within(versions).findByText('v1 — Change 1')).toBeInTheDocument();
    expect(within(versions).getAllByRole('listitem')).toHaveLength(5);
    expect(asked.at(-1)!.get('page')).toBe('2');

    await user.click(within(versions).getByRole('button', { name: 'Diff v1' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox', { name: 'From' }));
    // Every version is offered, not only the page's.
    expect(await screen.findAllByRole('option')).toHaveLength(30);
  });
});

describe('unsaved edits', () => {
  it('asks before leaving by a link while the form is dirty', async () => {
    const { user, router } = await openEditor();
    await editBody(user, ' changed', { save: false });
    await act(() => router.navigate('/history'));
    expect(await screen.findByText('Leave without saving?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByText('Leave without saving?')).not.toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: /^body/i })).toHaveValue('Write about {{ topic }} in {{ words }} words. changed');
    await act(() => router.navigate('/history'));
    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    expect(await screen.findByTestId('navigated-away')).toBeInTheDocument();
  });

  it('registers a beforeunload prompt only while dirty', async () => {
    const { user } = await openEditor();
    const clean = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    await editBody(user, '!', { save: false });
    const dirty = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
  });
});

describe("the template's content quality", () => {
  it('shows approval rate and edit ratio per version of this template, and per project', async () => {
    const asked: URLSearchParams[] = [];
    const row = { items_created: 4, items_published: 1, time_to_approval_median_seconds: 7200, rating_mean: 4.5, cost_per_approved_item: '0.010000', edit_ratio_p90: 0.4 };
    server.use(
      http.get(`${API}/analytics/quality/`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return answer('analytics_quality_retrieve', {
          workspace: 1,
          start: '2025-11-27',
          end: '2026-11-27',
          tz: 'UTC',
          template_versions: [
            { ...row, id: 11, label: 'Blog post v1', items_approved: 3, approval_rate: 0.75, edit_ratio_median: 0.125 },
            { ...row, id: 12, label: 'Blog post v2', items_approved: 1, approval_rate: 0.25, edit_ratio_median: null },
          ],
          projects: [{ ...row, id: 3, label: 'Spring launch', items_approved: 4, approval_rate: 1, edit_ratio_median: 0.05 }],
        });
      }),
    );
    const { user } = await openEditor();

    const versions = await screen.findByRole('table', { name: 'Template version' });
    const v1 = within(versions).getByRole('row', { name: /Blog post v1/ });
    expect(v1).toHaveTextContent('75.0%');
    expect(v1).toHaveTextContent('12.5% / 40.0%');
    expect(within(versions).getByRole('row', { name: /Blog post v2/ })).toHaveTextContent('25.0%');
    expect(asked[0].get('template')).toBe('1');
    expect(asked[0].get('workspace')).toBe('1');
    expect(screen.getByText('Content made from this template in the last 366 days.')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'By project' }));
    expect(within(screen.getByRole('table', { name: 'Project' })).getByRole('row', { name: /Spring launch/ })).toHaveTextContent('100.0%');
  });
});
