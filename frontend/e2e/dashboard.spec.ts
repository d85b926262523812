import { expect, test, type Page } from '@playwright/test';

import { Api, demoLogin, demoWorkspace, generate, shoot, signIn, signOut, startBatch } from './support';

// One story, in order, against the real API (no mocks): every write the dashboard makes. A
// content editor signs in, writes a template, revises, restores, archives it, generates from it
// in each mode, rates the output, finds it in the history and on the charts, runs a batch from a
// CSV file, and an admin sets up the workspace: settings, members, API keys, provider credentials.
test.describe.configure({ mode: 'serial' });

const templateName = `E2E tagline ${Date.now()}`;
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('signs in with the demo login', async () => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await shoot(page, 'sign-in');
  await signIn(page, demoLogin);
});

test('lists the demo templates, with the search in the URL', async () => {
  await page.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByRole('link', { name: 'Blog post' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Search' }).fill('blog');
  await expect(page).toHaveURL(/search=blog/);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue('blog');
  await shoot(page, 'templates');
});

test('creates a template', async () => {
  await page.getByRole('link', { name: /new template/i }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(templateName);
  await page.getByRole('textbox', { name: 'Body', exact: true }).fill('Write a tagline for {{ product }}.');
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('group', { name: 'Variable 1' }).getByRole('textbox', { name: 'Name' }).fill('product');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByText(/^v1 · /)).toBeVisible();
  await expect(page).toHaveURL(/\/templates\/\d+/);
});

test('editing the body writes version 2, and leaving unsaved edits asks first', async () => {
  const body = page.getByRole('textbox', { name: 'Body', exact: true });
  await body.fill('Write a short, witty tagline for {{ product }}.');
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByText('Leave without saving?')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();
  await expect(page.getByText(/^v2 · /)).toBeVisible();
  await shoot(page, 'template-editor');
});

test('compares two versions and restores version 1', async () => {
  await page.getByRole('button', { name: 'Diff v1' }).click();
  await expect(page.getByLabel('Diff of Body')).toContainText('+ Write a short, witty tagline');
  await shoot(page, 'version-diff');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Restore v1' }).click();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(page.getByText('Version 1 restored as version 3.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Body', exact: true })).toHaveValue('Write a tagline for {{ product }}.');
});

test('archives and unarchives the template', async () => {
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText(/· archived/)).toBeVisible();
  await page.getByRole('button', { name: 'Unarchive' }).click();
  await expect(page.getByText(/· archived/)).toHaveCount(0);
});

test('generates with the offline provider, streaming the text, and rates it', async () => {
  await generate(page, templateName, { product: 'a bamboo toothbrush' }, /streaming/);
  await expect(page.getByText('succeeded')).toBeVisible();
  await expect(page.getByText(/bamboo toothbrush/i).first()).toBeVisible();
  // MUI's star inputs are visually hidden: a person clicks the star's label.
  await page.locator('label').filter({ hasText: '4 Stars' }).click();
  await page.getByRole('button', { name: 'Send rating' }).click();
  await expect(page.getByRole('button', { name: 'Saved' })).toBeVisible();
  await expect(page.getByLabel('Average rating')).toHaveText('Average 4.0 from 1 rating');
  await shoot(page, 'generate');
});

test('generates synchronously', async () => {
  await generate(page, templateName, { product: 'a bamboo toothbrush' }, /whole answer/);
  await expect(page.getByText('succeeded')).toBeVisible();
  await expect(page.getByLabel('Generation output', { exact: true })).toContainText(/bamboo toothbrush/i);
});

test('generates in the background and opens the result', async () => {
  await generate(page, templateName, { product: 'a bamboo toothbrush' }, /background/);
  await expect(page).toHaveURL(/\/history\/\d+/);
  await expect(page.getByText('succeeded')).toBeVisible();
  await page.getByRole('button', { name: 'Raw' }).click();
  await shoot(page, 'generation-detail');
});

test('finds the generations in the history, filtered through the URL', async () => {
  await page.getByRole('link', { name: 'History' }).click();
  const row = page.getByRole('row').filter({ hasText: templateName });
  await expect(row).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'failed' }).click();
  await expect(page).toHaveURL(/status=failed/);
  await page.goBack();
  await expect(page.getByRole('row').filter({ hasText: templateName })).toHaveCount(3);
  await shoot(page, 'history');
});

test('charts the generation on the dashboard', async () => {
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const chart = page.getByRole('img', { name: 'Generations per day by status' });
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(page.getByText(/^Generations$/).first()).toBeVisible();
  await shoot(page, 'dashboard');
});

test('runs a small batch from a CSV file to the end', async () => {
  await startBatch(page, templateName, ['lavender soap', 'beeswax candles', 'green tea']);
  await expect(page.getByText('3 succeeded')).toBeVisible();
  await page.getByRole('button', { name: 'Show row 1' }).click();
  await expect(page.getByLabel('Output of row 1', { exact: true })).toContainText(/lavender soap/i);
  await shoot(page, 'batch');
});

test('saves the workspace settings', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Workspace' }).click();
  await page.getByRole('textbox', { name: 'Monthly budget' }).fill('120');
  // The demo workspace is every story's: its limits stay far out of their rows' reach. (A release
  // gate's evaluation row once refused "Daily token quota too close" was not near this quota: it
  // lost a race for the usage row with the other row, the first two held after the limits were
  // set; see test_a_reservation_whose_usage_row_another_counted_meanwhile_is_not_refused.)
  await page.getByRole('textbox', { name: 'Daily token quota' }).fill('900000000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Monthly budget' })).toHaveValue('120.00');
  await shoot(page, 'settings-workspace');
});

test('creates and revokes an API key', async () => {
  await page.getByRole('tab', { name: 'API keys' }).click();
  await page.getByRole('textbox', { name: 'Key name' }).fill('e2e key');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('button', { name: 'Copy key' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'e2e key' });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('button', { name: 'Revoke', exact: true }).last().click();
  await expect(row).toContainText('revoked');
});

test('saves and deletes a provider credential', async () => {
  await page.getByRole('tab', { name: 'Providers' }).click();
  await page.getByRole('combobox', { name: 'Provider' }).click();
  await page.getByRole('option', { name: /anthropic/i }).click();
  await page.getByLabel('API key').fill('sk-ant-e2e-0000000000001234');
  await page.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByText(/1234/)).toBeVisible();
  await page.getByRole('button', { name: /Delete anthropic credential/ }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(/1234/)).toHaveCount(0);
});

const invitee = `invitee-${Date.now()}@example.com`;
const member = `member-${Date.now()}@example.com`;

test('invites by email and revokes the invitation', async () => {
  await page.getByRole('tab', { name: 'Members' }).click();
  await page.getByLabel('Email to invite').fill(invitee);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  const pending = page.getByRole('list', { name: 'Pending invitations' });
  await expect(pending).toContainText(invitee);
  await shoot(page, 'settings-members');
  await page.getByRole('button', { name: `Revoke the invitation of ${invitee}` }).click();
  await expect(page.getByRole('button', { name: `Revoke the invitation of ${invitee}` })).toHaveCount(0);
});

test('pages through more pending invitations than a page holds, and revokes the one on page 2', async ({ playwright, baseURL }) => {
  // Setup through the API: one invitation more than the API's page of 25; it lists the newest first.
  const api = await Api.signIn(await playwright.request.newContext({ baseURL }), demoLogin);
  const workspace = await demoWorkspace(api);
  const stamp = Date.now();
  const emails = Array.from({ length: 26 }, (_, i) => `paged-${i + 1}-${stamp}@example.com`);
  for (const email of emails) await api.post(`/api/workspaces/${workspace}/invitations/`, { email, role: 'viewer' });
  await page.reload();
  const invitations = page.getByRole('region', { name: 'Pending invitations' });
  const pending = invitations.getByRole('list', { name: 'Pending invitations' });
  await expect(pending.getByRole('listitem')).toHaveCount(25);
  await expect(invitations.getByText('1–25 of 26')).toBeVisible();
  await expect(pending).not.toContainText(emails[0]);

  await invitations.getByRole('button', { name: 'Go to next page' }).click();
  await expect(pending.getByRole('listitem')).toHaveCount(1);
  await expect(pending).toContainText(emails[0]);
  // Page 2 goes with its only invitation: the list shows page 1 again.
  await invitations.getByRole('button', { name: `Revoke the invitation of ${emails[0]}` }).click();
  await expect(invitations.getByText('1–25 of 25')).toBeVisible();
  await expect(pending).toContainText(emails[25]);
});

test('a new person signs up from the sign-in page', async () => {
  await signOut(page);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('First name').fill('Mia');
  await page.getByLabel('Email').fill(member);
  await page.getByLabel('Password').fill('a-long-pass-for-mia');
  await shoot(page, 'sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Registration gives the new person a workspace of their own.
  await expect(page.getByText("Mia's workspace").first()).toBeVisible();
  await signOut(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  // Inside its form: until the route changes, the sign-in page's Email field is still there.
  const forgot = page.getByRole('form', { name: 'Forgot password' });
  await forgot.getByLabel('Email').fill(member);
  await forgot.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText(new RegExp(`If ${member} has an account`))).toBeVisible();
});

test('the admin adds the new person and changes their role, then removes them', async () => {
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  // Back to the dashboard, not the previous person's page.
  await signIn(page, demoLogin);
  // Setup through the API (the dashboard adds people by invitation, whose token only the email has).
  const status = await page.evaluate(async (email) => {
    const session = JSON.parse(localStorage.getItem('aiagency.session') ?? '{}') as { access: string; workspaceId: number };
    const response = await fetch(`/api/workspaces/${session.workspaceId}/members/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.access}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, role: 'viewer' }),
    });
    return response.status;
  }, member);
  expect(status).toBe(201);
  await page.goto('/settings?tab=members');
  const row = page.getByRole('row').filter({ hasText: member });
  await row.getByRole('combobox').click();
  await page.getByRole('option', { name: 'editor' }).click();
  await expect(row.getByRole('combobox')).toHaveText('editor');
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: member }).getByRole('combobox')).toHaveText('editor');
  await page.getByRole('button', { name: `Remove ${member}` }).click();
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: member })).toHaveCount(0);
});
