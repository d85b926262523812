import { expect, test, type Page } from '@playwright/test';

// One story, in order: a content editor signs in, writes a template, revises it, generates from
// it with the offline provider, finds the result in the history and on the dashboard's charts,
// and runs a small batch from a CSV file.
test.describe.configure({ mode: 'serial' });

const shots = 'e2e/screenshots';
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
  await page.screenshot({ path: `${shots}/sign-in.png` });
  await page.getByLabel(/email/i).fill('admin@example.com');
  await page.getByLabel(/password/i).fill('admin12345');
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard.png` });
});

test('lists the demo templates', async () => {
  await page.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByRole('link', { name: 'Blog post' })).toBeVisible();
  await page.screenshot({ path: `${shots}/templates.png` });
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

test('editing the body writes version 2', async () => {
  const body = page.getByRole('textbox', { name: 'Body', exact: true });
  await body.fill('Write a short, witty tagline for {{ product }}.');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();
  await expect(page.getByText(/^v2 · /)).toBeVisible();
  await page.screenshot({ path: `${shots}/template-editor.png`, fullPage: true });
});

test('generates with the offline provider and streams the text', async () => {
  await page.getByRole('link', { name: 'Generate' }).first().click();
  await page.getByLabel('Template').click();
  await page.getByRole('option', { name: new RegExp(templateName) }).click();
  await page.locator('#var-product').fill('a bamboo toothbrush');
  await page.getByRole('button', { name: /^generate$/i }).click();
  await expect(page.getByText('succeeded')).toBeVisible();
  await expect(page.getByText('offline draft').first()).toBeVisible();
  await expect(page.getByText(/bamboo toothbrush/i).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/generate.png`, fullPage: true });
});

test('finds the generation in the history', async () => {
  await page.getByRole('link', { name: 'History' }).click();
  const row = page.getByRole('row').filter({ hasText: templateName });
  await expect(row.first()).toBeVisible();
  await expect(row.first()).toContainText('succeeded');
  await page.screenshot({ path: `${shots}/history.png` });
});

test('charts the generation on the dashboard', async () => {
  await page.getByRole('link', { name: 'Dashboard' }).click();
  const chart = page.getByRole('img', { name: 'Generations per day by status' });
  await expect(chart.locator('svg').first()).toBeVisible();
  await expect(page.getByText(/^Generations$/).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/dashboard-charts.png`, fullPage: true });
});

test('runs a small batch from a CSV file to the end', async () => {
  await page.getByRole('link', { name: 'Batches' }).click();
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: new RegExp(templateName) }).click();
  await page.getByLabel('Batch file').setInputFiles({
    name: 'products.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('product\nlavender soap\nbeeswax candles\ngreen tea\n'),
  });
  await page.getByRole('button', { name: 'Check file and estimate' }).click();
  await expect(page.getByText(/3 rows · 0 invalid/)).toBeVisible();
  await page.getByRole('button', { name: 'Start batch' }).click();
  await expect(page).toHaveURL(/\/batches\/\d+/);
  await expect(page.getByText('3 succeeded')).toBeVisible();
  await page.screenshot({ path: `${shots}/batch.png`, fullPage: true });
});
