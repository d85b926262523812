import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect, test, type Browser, type Page } from '@playwright/test';

import { Api, chooseTemplate, demoLogin, demoWorkspace, shoot, shownId, signIn } from './support';

// The content workflow against the real API: a writer (the demo owner) saves a generation as
// content, edits it and submits it; a reviewer asks for changes; the writer fixes and resubmits;
// the reviewer approves and publishes; the export downloads. Around it, every other write the
// content screens make: a stale edit's 409, comments, the board's moves, projects, a batch saved
// as content, webhooks (delivered to a receiver on loopback) and the quality analytics.
test.describe.configure({ mode: 'serial' });

const reviewerLogin = { email: `reviewer-${Date.now()}@example.com`, password: 'a-long-pass-for-rita' };
let writer: Page;
let reviewer: Page;
let api: Api;
let workspace = 0;
let receiver: Server;
const received: { type: string; signature: string }[] = [];
let itemId = 0;
let itemPath = '';
let generationId = 0;

interface Listed {
  results: { id: number; name: string }[];
}

async function openSignedIn(page: Page, login: { email: string; password: string }) {
  await page.goto('/login');
  await signIn(page, login);
}

async function newPage(browser: Browser) {
  return (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
}

function status(page: Page) {
  return page.locator('main').getByText(/^(draft|in review|changes requested|approved|published|archived)$/).first();
}

async function blogPost(): Promise<number> {
  const templates = await api.get<Listed>(`/api/templates/?workspace=${workspace}&search=Blog%20post`);
  return templates.results.find((t) => t.name === 'Blog post')!.id;
}

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ type: (JSON.parse(body) as { type: string }).type, signature: String(request.headers['x-aiagency-signature']) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  writer = await newPage(browser);
  reviewer = await newPage(browser);
  api = await Api.signIn(await playwright.request.newContext({ baseURL }), demoLogin);
  workspace = await demoWorkspace(api);
});

test.afterAll(async () => {
  await writer.context().close();
  await reviewer.context().close();
  receiver.close();
});

test('the writer signs in; a reviewer joins the workspace', async () => {
  await openSignedIn(writer, demoLogin);
  // Setup through the API: the dashboard adds people by invitation, whose token only the e-mail has.
  await api.post('/api/auth/register/', { ...reviewerLogin, first_name: 'Rita' });
  await api.post(`/api/workspaces/${workspace}/members/`, { email: reviewerLogin.email, role: 'reviewer' });
});

test('an admin adds a webhook, shown its secret once', async () => {
  const port = (receiver.address() as AddressInfo).port;
  await writer.goto('/settings?tab=webhooks');
  await writer.getByRole('textbox', { name: 'URL' }).fill(`http://127.0.0.1:${port}/hooks`);
  await writer.getByRole('checkbox', { name: 'content.submitted' }).check();
  await writer.getByRole('button', { name: 'Add webhook' }).click();
  await expect(writer.getByText(/Copy its signing secret now/)).toBeVisible();
  await expect(writer.getByLabel('Signing secret')).toHaveText(/\S{16,}/);
});

test('a writer saves a generation as content', async () => {
  const generation = await api.post<{ id: number }>('/api/generations/', { template: await blogPost(), variables: { topic: 'bamboo toothbrushes' }, mode: 'sync', cache: false });
  generationId = generation.id;
  await writer.goto(`/history/${generationId}`);
  await writer.getByRole('button', { name: 'Save as content' }).click();
  await expect(writer).toHaveURL(/\/content\/\d+$/);
  itemPath = new URL(writer.url()).pathname;
  itemId = Number(itemPath.split('/').pop());
  await expect(writer.getByRole('textbox', { name: 'Title' })).not.toHaveValue('');
  await expect(writer.getByRole('list', { name: 'Revisions' })).toContainText('r1 · the AI’s original');
});

test('edits it: preview, diff against the AI’s text, and leaving unsaved edits asks first', async () => {
  const body = writer.getByRole('textbox', { name: 'Body' });
  await body.fill(`${await body.inputValue()}\n\n## Why it matters\n\nEvery **plastic** handle lasts centuries.`);
  await writer.getByRole('link', { name: 'Content', exact: true }).click();
  await expect(writer.getByText('Leave without saving?')).toBeVisible();
  await writer.getByRole('button', { name: 'Cancel' }).click();
  await writer.getByRole('tab', { name: 'Preview' }).click();
  await expect(writer.getByRole('heading', { name: 'Why it matters' })).toBeVisible();
  await writer.getByRole('tab', { name: 'Write' }).click();
  await writer.getByRole('button', { name: 'Save revision' }).click();
  await expect(writer.getByText('Saved as revision 2.')).toBeVisible();
  await expect(writer.getByLabel('Diff from revision 1').locator('ins').first()).toContainText(/Why it matters/);
  await shoot(writer, 'content-editor');
});

test('an edit from a stale revision gets the 409 flow: keep mine, save again', async () => {
  // Someone else saves revision 3 meanwhile.
  await api.patch(`/api/content/${itemId}/`, { title: 'Bamboo toothbrushes', base_revision: 2 });
  await writer.getByRole('textbox', { name: 'Title' }).fill('Bamboo toothbrushes, honestly');
  await writer.getByRole('textbox', { name: 'Body' }).fill('# Bamboo toothbrushes\n\nA handle that returns to the soil.');
  await writer.getByRole('button', { name: 'Save revision' }).click();
  await expect(writer.getByText('Revision 3 was saved while you were editing revision 2')).toBeVisible();
  await writer.getByRole('button', { name: 'Keep my changes' }).click();
  await writer.getByRole('button', { name: 'Save revision' }).click();
  await expect(writer.getByText('Saved as revision 4.')).toBeVisible();
});

test('the writer submits it for review', async () => {
  await writer.getByRole('button', { name: 'Submit for review' }).click();
  await expect(status(writer)).toHaveText('in review');
  await expect.poll(() => received.map((r) => r.type)).toContain('content.submitted');
  expect(received[0].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
});

test('a reviewer requests changes with a comment', async () => {
  await openSignedIn(reviewer, reviewerLogin);
  await reviewer.getByRole('combobox', { name: 'Workspace' }).click();
  await reviewer.getByRole('option', { name: /Demo/ }).click();
  await reviewer.goto(itemPath);
  await expect(reviewer.getByRole('button', { name: 'Approve' })).toBeVisible();
  await reviewer.getByRole('button', { name: 'Request changes' }).click();
  await reviewer.getByRole('textbox', { name: 'What should change?' }).fill('Cite where the soil claim comes from.');
  await reviewer.getByRole('button', { name: 'Send' }).click();
  await expect(status(reviewer)).toHaveText('changes requested');
  await expect(reviewer.getByRole('listitem').filter({ hasText: 'Cite where the soil claim comes from.' })).toBeVisible();
});

test('the writer fixes it, answers and resolves the comment, and resubmits', async () => {
  await writer.reload();
  await expect(writer.getByText('Changes were requested')).toBeVisible();
  const request = writer.getByRole('listitem').filter({ hasText: 'Cite where the soil claim comes from.' });
  await writer.getByRole('textbox', { name: 'Body' }).fill('# Bamboo toothbrushes\n\nA handle that returns to the soil in a home compost (source: the maker).');
  await writer.getByRole('button', { name: 'Save revision' }).click();
  await expect(writer.getByText('Saved as revision 5.')).toBeVisible();
  await writer.getByRole('textbox', { name: 'Add a comment' }).fill('Source added.');
  await writer.getByRole('button', { name: 'Comment' }).click();
  await expect(writer.getByRole('listitem').filter({ hasText: 'Source added.' })).toBeVisible();
  await request.getByRole('button', { name: 'Resolve' }).click();
  await expect(request).toContainText('resolved by admin@example.com');
  await writer.getByRole('button', { name: 'Submit for review' }).click();
  await expect(status(writer)).toHaveText('in review');
});

test('the reviewer approves and publishes', async () => {
  await reviewer.reload();
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(status(reviewer)).toHaveText('approved');
  await reviewer.getByRole('button', { name: 'Publish' }).click();
  await expect(status(reviewer)).toHaveText('published');
  await expect(reviewer.getByRole('textbox', { name: 'Title' })).toBeDisabled();
  await shoot(reviewer, 'content-published');
});

test('the export downloads, per item and for the list', async () => {
  await writer.reload();
  for (const [label, extension] of [['Markdown', 'md'], ['HTML', 'html'], ['Word (DOCX)', 'docx']]) {
    await writer.getByRole('button', { name: 'Export' }).click();
    const download = writer.waitForEvent('download');
    await writer.getByRole('menuitem', { name: label }).click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`));
  }
  await writer.goto('/content?view=table&status=published');
  await expect(writer.getByRole('link', { name: 'Bamboo toothbrushes, honestly' })).toBeVisible();
  for (const [label, extension] of [['Zip of Markdown files', 'zip'], ['CSV', 'csv'], ['JSON Lines', 'jsonl']]) {
    await writer.getByRole('button', { name: 'Export' }).click();
    const download = writer.waitForEvent('download');
    await writer.getByRole('menuitem', { name: label }).click();
    expect((await download).suggestedFilename()).toMatch(new RegExp(`\\.${extension}$`));
  }
  await shoot(writer, 'content-table');
});

test('the generation it came from shows how much people changed its text', async () => {
  await writer.goto(`/history/${generationId}`);
  await writer.getByRole('link', { name: /^Content · edited \d+(\.\d)?%$/ }).click();
  await expect(writer).toHaveURL(new RegExp(`${itemPath}$`));
});

test('a project, a batch started in it, and its rows saved into it as drafts', async () => {
  await writer.goto('/content');
  await writer.getByRole('button', { name: 'New project' }).click();
  await writer.getByRole('textbox', { name: 'Name' }).fill('Spring launch');
  await writer.getByLabel('Due date').fill('2030-04-01');
  await writer.getByRole('button', { name: 'Create project' }).click();
  await expect(writer.getByRole('heading', { name: 'Spring launch' })).toBeVisible();
  await expect(writer.getByText('No batches in this project yet')).toBeVisible();
  // The project page's "New batch" opens the form with the project chosen.
  await writer.getByRole('link', { name: 'New batch' }).click();
  await expect(writer.getByRole('combobox', { name: 'Project' })).toHaveValue('Spring launch');
  await chooseTemplate(writer, 'Blog post');
  await writer.getByLabel('Batch file').setInputFiles({ name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from('topic\ncork\nlinen\n') });
  await writer.getByRole('button', { name: 'Check file and estimate' }).click();
  await expect(writer.getByText('2 rows · 0 invalid')).toBeVisible();
  await writer.getByRole('button', { name: 'Start batch' }).click();
  await expect(writer).toHaveURL(/\/batches\/\d+$/);
  const batchId = shownId(writer);
  expect(await api.get<{ project: { name: string } | null }>(`/api/batches/${batchId}/`)).toMatchObject({ project: { name: 'Spring launch' } });
  await expect(writer.getByText('2 succeeded')).toBeVisible();
  // Its rows go into the batch's project unless another is chosen.
  await writer.getByRole('button', { name: 'Save as content' }).click();
  await expect(writer.getByRole('combobox', { name: 'Project' })).toHaveValue('Spring launch');
  await writer.getByRole('button', { name: 'Save succeeded rows' }).click();
  await expect(writer.getByText('2 items saved as drafts.')).toBeVisible();
  await writer.getByRole('button', { name: 'Close' }).click();
  await writer.getByRole('link', { name: 'Spring launch' }).click();
  await expect(writer.getByText('0 of 2 items approved or published')).toBeVisible();
  await expect(writer.getByRole('link', { name: 'Draft: 2' })).toBeVisible();
  await expect(writer.getByRole('table', { name: 'Batches' }).getByRole('link', { name: String(batchId), exact: true })).toBeVisible();
  await shoot(writer, 'content-project');
});

test('the board, filtered through the URL: archive from the menu, reopen by dragging', async () => {
  await writer.getByRole('link', { name: 'Board', exact: true }).click();
  await expect(writer).toHaveURL(/project=\d+/);
  await writer.getByRole('textbox', { name: 'Search' }).fill('cork');
  await expect(writer).toHaveURL(/search=cork/);
  const drafts = writer.getByRole('list', { name: 'Draft items' });
  await expect(drafts.getByRole('listitem')).toHaveCount(1);
  await writer.reload();
  await expect(writer.getByRole('textbox', { name: 'Search' })).toHaveValue('cork');
  const card = drafts.getByRole('listitem').first();
  const title = (await card.getAttribute('aria-label')) ?? '';
  await card.getByRole('button', { name: /^Move / }).click();
  await writer.getByRole('menuitem', { name: 'Archive' }).click();
  const archived = writer.getByRole('list', { name: 'Archived items' }).getByRole('listitem', { name: title });
  await expect(archived).toBeVisible();
  await shoot(writer, 'content-board');
  // Drag the archived card onto the Draft column (an admin may reopen).
  const from = (await archived.boundingBox())!;
  const to = (await writer.getByRole('region', { name: 'Draft' }).boundingBox())!;
  await writer.mouse.move(from.x + 20, from.y + 20);
  await writer.mouse.down();
  await writer.mouse.move(from.x + 40, from.y + 30, { steps: 5 });
  await writer.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
  await writer.mouse.up();
  await expect(drafts.getByRole('listitem', { name: title })).toBeVisible();
});

test('webhook deliveries: the log, redeliver, switch off, delete', async () => {
  await writer.goto('/settings?tab=webhooks');
  const hook = writer.getByLabel(/^Webhook http/);
  await hook.getByRole('button', { name: 'Deliveries' }).click();
  const log = writer.getByRole('table', { name: 'Deliveries' });
  await expect(log.getByRole('row').filter({ hasText: 'content.submitted' }).first()).toContainText('succeeded');
  const before = received.length;
  await log.getByRole('button', { name: 'Redeliver' }).first().click();
  await expect.poll(() => received.length).toBeGreaterThan(before);
  await shoot(writer, 'settings-webhooks');
  // The switch shows the server's state: it turns off once the change is saved.
  await hook.getByLabel('Active').click();
  await expect(hook.getByLabel('Active')).not.toBeChecked();
  await writer.reload();
  await expect(writer.getByLabel('Active')).not.toBeChecked();
  await writer.getByRole('button', { name: 'Delete' }).click();
  await writer.getByRole('button', { name: 'Delete', exact: true }).last().click();
  await expect(writer.getByText('No webhooks')).toBeVisible();
});

test('the analytics show content quality per template version and project', async () => {
  await writer.getByRole('link', { name: 'Analytics' }).click();
  const quality = writer.getByRole('table', { name: 'Template version' });
  await expect(quality.getByRole('row').filter({ hasText: 'Blog post' })).toBeVisible();
  await writer.getByRole('tab', { name: 'By project' }).click();
  await expect(writer.getByRole('table', { name: 'Project' }).getByRole('row').filter({ hasText: 'Spring launch' })).toBeVisible();
  // And the template's own page, for its versions only.
  await writer.goto(`/templates/${await blogPost()}`);
  await expect(writer.getByText('Content made from this template in the last 366 days.')).toBeVisible();
  const versions = writer.getByRole('table', { name: 'Template version' });
  await expect(versions.getByRole('row').filter({ hasText: 'Blog post v' }).first()).toBeVisible();
  await expect(versions.getByRole('row').filter({ hasText: 'Written by hand' })).toHaveCount(0);
});
