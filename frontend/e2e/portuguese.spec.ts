import { expect, test, type Page } from '@playwright/test';

import { expectNoEnglish, pt } from './catalogue';
import { Api, chooseTemplate, shoot } from './support';

// The main journey once in Brazilian Portuguese, as a person whose browser speaks it: sign up,
// write and run a template, a batch, the history, analytics, content and settings. Every page is
// checked for English messages of the dashboard's catalogue and photographed into
// pt-BR/ among the screenshots (`shoot`). Elements are found by the Portuguese of their message ids.
test.describe.configure({ mode: 'serial' });
test.use({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });

const login = { email: `portugues-${Date.now()}@example.com`, password: 'uma-senha-bem-longa' };
const templateName = `Legenda para Instagram ${Date.now()}`;
let page: Page;
let api: Api;

/** The page in Portuguese, free of English messages, photographed at desktop and phone size. */
async function inPortuguese(name: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expectNoEnglish(page);
  await shoot(page, `pt-BR/${name}`);
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('signs up in Portuguese, with the browser language and time zone saved to the profile', async ({ playwright, baseURL }) => {
  await page.goto('/signup');
  await expect(page.locator('form input[autocomplete="username"]')).toBeVisible();
  await inPortuguese('sign-up');
  await page.locator('input[autocomplete="given-name"]').fill('Joana');
  await page.locator('input[autocomplete="username"]').fill(login.email);
  await page.locator('input[autocomplete="new-password"]').fill(login.password);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('link', { name: pt('nav.dashboard') })).toBeVisible();
  api = await Api.signIn(await playwright.request.newContext({ baseURL }), login);
  expect(await api.get('/api/me/')).toMatchObject({ language: 'pt-br', time_zone: 'America/Sao_Paulo' });
  await inPortuguese('dashboard');
});

test('lists and opens a template', async () => {
  const me = await api.get<{ memberships: { workspace: { id: number } }[] }>('/api/me/');
  const template = await api.post<{ id: number }>('/api/templates/', {
    workspace: me.memberships[0].workspace.id,
    name: templateName,
    language: 'pt-BR',
    body: 'Escreva uma legenda curta e envolvente para {{ produto }}.',
    variables: [{ name: 'produto', type: 'string', required: true }],
  });
  await page.getByRole('link', { name: pt('nav.templates') }).click();
  await expect(page.getByRole('link', { name: templateName })).toBeVisible();
  await inPortuguese('templates');
  await page.getByRole('link', { name: templateName }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${template.id}$`));
  await expect(page.getByRole('textbox').first()).toBeVisible();
  await inPortuguese('template-editor');
});

test('runs a batch from a CSV file to the end', async () => {
  await page.getByRole('link', { name: pt('nav.batches') }).click();
  await chooseTemplate(page, templateName, { label: pt('common.searchPicker.label', { kind: 'template' }) });
  await page.getByLabel(pt('batches.new.file')).setInputFiles({
    name: 'produtos.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('produto\nsabonete de lavanda\nvela de cera de abelha\n'),
  });
  await page.getByRole('button', { name: pt('batches.new.check') }).click();
  await expect(page.getByText('2 linhas · 0 inválida(s)', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: pt('batches.new.start') }).click();
  await expect(page.getByText('2 concluída(s)')).toBeVisible();
  await page.getByRole('button', { name: 'Mostrar linha 1' }).click();
  await expect(page.getByLabel('Resultado da linha 1', { exact: true })).toContainText(/lavanda/i);
  await inPortuguese('batch');
});

test('finds the generations in the history and opens one', async () => {
  await page.getByRole('link', { name: pt('nav.history') }).click();
  const rows = page.getByRole('row').filter({ hasText: templateName });
  await expect(rows).toHaveCount(2);
  await inPortuguese('history');
  await rows.first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/history\/\d+/);
  await expect(page.getByText(/lavanda|abelha/i).first()).toBeVisible();
  await inPortuguese('generation-detail');
});

test('shows analytics, content, settings and the profile in Portuguese', async () => {
  for (const [link, name] of [
    ['nav.analytics', 'analytics'],
    ['nav.content', 'content'],
    ['nav.settings', 'settings'],
  ] as const) {
    await page.getByRole('link', { name: pt(link), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await inPortuguese(name);
  }
  await page.getByRole('button', { name: pt('accounts.userMenu.open') }).click();
  await page.getByRole('menuitem', { name: pt('accounts.userMenu.profile') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await inPortuguese('profile');
});

test('answers a refused request in Portuguese', async () => {
  await page.getByRole('button', { name: pt('accounts.userMenu.open') }).click();
  await page.getByRole('menuitem', { name: pt('accounts.userMenu.signOut') }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.locator('input[autocomplete="username"]').fill(login.email);
  await page.locator('input[type="password"]').fill('não-é-a-senha');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).not.toContainText(/[Ii]nvalid|incorrect|password/);
  await inPortuguese('sign-in-refused');
});
