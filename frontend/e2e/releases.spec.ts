import { expect, test, type Page } from '@playwright/test';

import { FakeProvider } from './fakeProvider';
import { chooseTemplate, createTaglineTemplate, demoLogin, setUpWithFakeModel, shoot, signIn, type Api } from './support';

// Releases against the real API and worker: a version promoted to production through its release
// gate (the gate's evaluation runs on the offline `local` provider, in the worker), and a
// comparison of two models whose columns fill in from one event stream. The second model is a fake
// on loopback (e2e/fakeProvider.ts) that holds its answer until told, so the test sees one column
// done while the other still runs: each step waits for a state, never for time.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const gatedName = `E2E gated ${stamp}`;
const comparedName = `E2E compared ${stamp}`;
const fake = new FakeProvider();
let page: Page;
let api: Api;
let gated: number;
let dataset: number;

interface Label {
  name: string;
  version: number | null;
}

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  let workspace: number;
  ({ page, api, workspace } = await setUpWithFakeModel({ browser, playwright, baseURL }, fake));
  // Setup through the API: two versions, production on the first, a dataset and a gate on it.
  ({ id: gated } = await createTaglineTemplate(api, workspace, gatedName, { provider: 'local' }));
  await api.patch(`/api/templates/${gated}/`, { base_version: 1, body: 'Write a short, warm tagline for {{ product }}.' });
  await api.post(`/api/templates/${gated}/labels/`, { name: 'production', version: 1 });
  ({ id: dataset } = await api.post<{ id: number }>('/api/datasets/', {
    workspace,
    name: `E2E taglines ${stamp}`,
    template: gated,
    checks: [{ type: 'word_count', min: 1 }],
  }));
  await api.post(`/api/datasets/${dataset}/rows/`, { rows: [{ variables: { product: 'lavender soap' } }, { variables: { product: 'beeswax candles' } }] });
  await api.put(`/api/templates/${gated}/release-gates/`, { release_gates: [{ label: 'production', dataset, min_pass_rate: 1, provider: 'local' }] });
  await createTaglineTemplate(api, workspace, comparedName);
});

test.afterAll(async () => {
  await page.close();
  await fake.stop();
});

test('signs in', async () => {
  await page.goto('/login');
  await signIn(page, demoLogin);
});

test('promotes a version to production through its release gate from the template page', async () => {
  await page.goto(`/templates/${gated}`);
  const labels = page.getByRole('list', { name: 'Labels' });
  await expect(labels.getByText('version 1', { exact: true })).toBeVisible();
  await expect(page.getByText('Release gate: production needs 100.0% of dataset')).toBeVisible();

  await page.getByRole('button', { name: 'Promote version 2 to production' }).click();
  // The gate has no evaluation of version 2: the button starts one, follows it, then moves the label.
  await expect(page.getByText('Version 2 is in production.')).toBeVisible({ timeout: 60_000 });
  await expect(labels.getByText('version 2', { exact: true })).toBeVisible();
  const production = (await api.get<Label[]>(`/api/templates/${gated}/labels/`)).find((l) => l.name === 'production');
  expect(production?.version).toBe(2);
  const evaluations = await api.get<{ results: { version: number; status: string; pass_rate: number }[] }>(`/api/evaluations/?dataset=${dataset}`);
  expect(evaluations.results[0]).toMatchObject({ version: 2, status: 'finished', pass_rate: 1 });

  await labels.getByRole('button', { name: 'History of production' }).click();
  await expect(page.getByRole('list', { name: 'History of production' }).getByText('version 1 → version 2')).toBeVisible();

  // A free label, created in the dialog with a reason.
  await page.getByRole('button', { name: 'New label' }).click();
  const dialog = page.getByRole('dialog', { name: 'New label' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('staging');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Try the warm tagline');
  await dialog.getByRole('button', { name: 'Move label' }).click();
  await expect(labels.getByText('staging')).toBeVisible();
  const staging = (await api.get<Label[]>(`/api/templates/${gated}/labels/`)).find((l) => l.name === 'staging');
  expect(staging?.version).toBe(2);
  await shoot(page, 'template-releases');
});

test('compares two models, watching both columns fill in from one stream', async () => {
  fake.hold();
  await page.getByRole('link', { name: 'Compare' }).click();
  for (const target of ['Target 1', 'Target 2']) {
    await chooseTemplate(page, comparedName, { within: page.getByRole('group', { name: target }) });
  }
  await page.getByRole('group', { name: 'Target 2' }).getByRole('combobox', { name: 'Provider' }).click();
  await page.getByRole('option', { name: /Local/ }).click();
  await page.locator('#compare-product').fill('oat milk');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();

  const remote = page.getByRole('region', { name: /e2e-model/ });
  const local = page.getByRole('region', { name: /local \/ local-draft/ });
  // The local column ends while the fake model still holds its answer.
  await expect.poll(() => fake.held).toBe(1);
  await expect(local.getByText('succeeded')).toBeVisible();
  await expect(local.getByText(/out tokens/)).toBeVisible();
  await expect(remote.getByRole('progressbar', { name: 'Generating' })).toBeVisible();
  fake.answer();
  await expect(remote.getByText(/Fake answer: Write a tagline for oat milk/).first()).toBeVisible();
  await expect(remote.getByText(/^cost /)).toBeVisible();
  await expect(remote.getByText(/^latency /)).toBeVisible();

  await remote.locator('label').filter({ hasText: '5 Stars' }).click();
  await remote.getByRole('button', { name: 'Send rating' }).click();
  await expect(remote.getByRole('button', { name: 'Saved' })).toBeVisible();
  await shoot(page, 'compare');
  await remote.getByRole('button', { name: 'Save as content' }).click();
  await expect(page).toHaveURL(/\/content\/\d+/);
});
