import { expect, test, type Page } from '@playwright/test';

import { FakeProvider } from './fakeProvider';
import { createTaglineTemplate, demoLogin, generate, setUpWithFakeModel, shoot, shownId, signIn, startBatch, type Api } from './support';

// Steering work that runs in the background, against the real API and the real worker: an editor
// cancels a running batch and a running generation, and retries what failed. The workspace's model
// server is a fake on loopback (e2e/fakeProvider.ts) the test tells to hold its answers (so that
// work is running when Cancel is clicked) or to fail (so that there is something to retry): each
// step waits for a state, never for time.
test.describe.configure({ mode: 'serial' });

const templateName = `E2E steering ${Date.now()}`;
const fake = new FakeProvider();
let page: Page;
let api: Api;

interface Batch {
  status: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  queued: number;
}
interface Generation {
  id: number;
  status: string;
  provider: string;
  output: string;
}

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  // Setup through the API (the dashboard's own forms for these are covered in dashboard.spec.ts).
  let workspace: number;
  ({ page, api, workspace } = await setUpWithFakeModel({ browser, playwright, baseURL }, fake));
  await createTaglineTemplate(api, workspace, templateName);
});

test.afterAll(async () => {
  await page.close();
  await fake.stop();
});

test('signs in', async () => {
  await page.goto('/login');
  await signIn(page, demoLogin);
});

test('cancels a running batch: the rows not started are cancelled, the running ones finish', async () => {
  fake.hold();
  const id = await startBatch(page, templateName, ['lavender soap', 'beeswax candles', 'green tea', 'oat milk']);
  // Two rows in flight (BATCH_CONCURRENCY in serve.sh) are held by the provider; two wait.
  await expect.poll(() => fake.held).toBe(2);
  await expect(page.getByText('2 running')).toBeVisible();
  await expect(page.getByText('2 queued')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('cancelled');
  await expect(page.getByText('2 cancelled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  expect(await api.get<Batch>(`/api/batches/${id}/`)).toMatchObject({ status: 'cancelled', cancelled: 2, queued: 0 });
  fake.answer();
  await expect(page.getByText('2 succeeded')).toBeVisible();
  await expect(page.getByText('0 running')).toBeVisible();
  expect(await api.get<Batch>(`/api/batches/${id}/`)).toMatchObject({ status: 'cancelled', succeeded: 2, cancelled: 2, running: 0 });
  await shoot(page, 'batch-cancelled');
});

test('retries the failed rows of a batch', async () => {
  fake.fail();
  const id = await startBatch(page, templateName, ['cedar soap', 'rose candles']);
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('failed');
  await expect(page.getByText('2 failed')).toBeVisible();
  fake.answer();
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByRole('status', { name: 'Batch status' })).toHaveText('succeeded');
  await expect(page.getByText('2 succeeded')).toBeVisible();
  await page.getByRole('button', { name: 'Show row 1' }).click();
  await expect(page.getByLabel('Output of row 1', { exact: true })).toContainText('Fake answer: Write a tagline for cedar soap.');
  expect(await api.get<Batch>(`/api/batches/${id}/`)).toMatchObject({ status: 'succeeded', succeeded: 2, failed: 0 });
});

test('cancels a running generation', async () => {
  fake.hold();
  await generate(page, templateName, { product: 'a linen shirt' }, /background/);
  await expect(page).toHaveURL(/\/history\/\d+/);
  await expect.poll(() => fake.held).toBe(1);
  const status = page.getByRole('status', { name: 'Generation status' });
  await expect(status).toHaveText('running');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(status).toHaveText('cancelled');
  // A cancelled generation can be run again.
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(await api.get<Generation>(`/api/generations/${shownId(page)}/`)).toMatchObject({ status: 'cancelled' });
  fake.answer();
});

test('retries a failed generation', async () => {
  fake.fail();
  await generate(page, templateName, { product: 'a wool scarf' }, /background/);
  await expect(page).toHaveURL(/\/history\/\d+/);
  const failed = shownId(page);
  const status = page.getByRole('status', { name: 'Generation status' });
  await expect(status).toHaveText('failed');
  fake.answer();
  await page.getByRole('button', { name: 'Retry' }).click();
  // The retry is a new generation, opened in place of the failed one.
  await expect(page).not.toHaveURL(new RegExp(`/history/${failed}$`));
  await expect(status).toHaveText('succeeded');
  await expect(page.getByLabel('Output', { exact: true })).toContainText('Fake answer: Write a tagline for a wool scarf.');
  const retried = await api.get<Generation>(`/api/generations/${shownId(page)}/`);
  expect(retried).toMatchObject({ status: 'succeeded', provider: 'openai_compatible' });
  expect(await api.get<Generation>(`/api/generations/${failed}/`)).toMatchObject({ status: 'failed' });
});
