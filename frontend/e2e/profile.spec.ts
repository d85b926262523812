import { expect, test, type Page } from '@playwright/test';

import { Api, shoot, signIn, signOut } from './support';

// A person changes their own name, language and time zone, and password on the profile screen
// (`PATCH /api/me/`) against the real API: wrong input is named beside its field, the dashboard
// follows the saved language, and the new password is the one that works.
// A person of their own (registered here), so that the demo login stays as the other stories need it.
test.describe.configure({ mode: 'serial' });

const login = { email: `profile-${Date.now()}@example.com`, password: 'a-first-long-pass' };
const newPassword = 'a-second-long-pass';
let page: Page;
let api: Api;

test.beforeAll(async ({ browser, playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const registered = await request.post('/api/auth/register/', { data: { ...login, first_name: 'Ana' } });
  expect(registered.status(), await registered.text()).toBe(201);
  api = await Api.signIn(request, login);
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('opens the profile from the account menu', async () => {
  await page.goto('/login');
  await signIn(page, login);
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Profile', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Profile', exact: true })).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Ana');
});

test('saves the name', async () => {
  await page.getByLabel('First name').fill('Ana Clara');
  await page.getByLabel('Last name').fill('Lima');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Name saved.')).toBeVisible();
  expect(await api.get('/api/me/')).toMatchObject({ first_name: 'Ana Clara', last_name: 'Lima' });
  await page.getByRole('button', { name: 'Account menu' }).click();
  await expect(page.getByRole('menuitem', { name: /Ana Clara Lima/ })).toBeVisible();
  await page.keyboard.press('Escape');
});

test('switches the profile to Brazilian Portuguese and back', async () => {
  // The later steps read English: the step ends in English again.
  const chooseLanguage = async (label: string, name: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name }).click();
  };
  await chooseLanguage('Language', 'Português (Brasil)');
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await zone.fill('Sao_Paulo');
  await page.getByRole('option', { name: 'America/Sao_Paulo' }).click();
  await page.getByRole('button', { name: 'Save language and time zone' }).click();
  await expect(page.getByRole('heading', { name: 'Perfil', exact: true })).toBeVisible();
  await expect(page.getByText('Idioma e fuso horário salvos.')).toBeVisible();
  expect(await api.get('/api/me/')).toMatchObject({ language: 'pt-br', time_zone: 'America/Sao_Paulo' });

  await chooseLanguage('Idioma', 'English');
  await page.getByRole('button', { name: 'Salvar idioma e fuso horário' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', exact: true })).toBeVisible();
  expect(await api.get('/api/me/')).toMatchObject({ language: 'en', time_zone: 'America/Sao_Paulo' });
});

test('names what is wrong with a password change beside its field', async () => {
  const current = page.getByRole('textbox', { name: 'Current password' });
  const next = page.getByRole('textbox', { name: 'New password', exact: true });
  const repeat = page.getByRole('textbox', { name: 'New password again' });
  const change = page.getByRole('button', { name: 'Change password' });

  await current.fill('not-my-password');
  await next.fill(newPassword);
  await repeat.fill(newPassword);
  await change.click();
  await expect(current).toHaveAccessibleDescription('The current password is not correct.');

  await current.fill(login.password);
  await next.fill('short');
  await repeat.fill('short');
  await change.click();
  await expect(next).toHaveAccessibleDescription(/too short/);
  await expect(current).not.toHaveAccessibleDescription(/./);

  await next.fill(newPassword);
  await repeat.fill(`${newPassword}!`);
  await change.click();
  await expect(repeat).toHaveAccessibleDescription('Type the same new password twice.');
  await shoot(page, 'profile');
});

test('changes the password, and only the new one signs in', async () => {
  await page.getByRole('textbox', { name: 'New password again' }).fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Current password' })).toHaveValue('');
  const old = await page.request.post('/api/auth/token/', { data: login });
  expect(old.status()).toBe(401);
  await signOut(page);
  await signIn(page, { email: login.email, password: newPassword });
});
