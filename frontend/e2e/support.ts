import { expect, type APIRequestContext, type APIResponse, type Browser, type Locator, type Page, type PlaywrightWorkerArgs } from '@playwright/test';

import type { FakeProvider } from './fakeProvider';

// What the end-to-end stories share: screenshots, signing in and out, and the API for setup and
// for checking what the dashboard did.

export const demoLogin = { email: 'admin@example.com', password: 'admin12345' };

// Where the pictures go: the ignored e2e/results/screenshots/ on a test run, so that `make test`
// leaves the committed pictures as they are; `make screenshots` sets E2E_SCREENSHOTS to
// e2e/screenshots/ to renew them.
const screenshots = process.env.E2E_SCREENSHOTS || 'e2e/results/screenshots';

/** The screen at desktop size and on a 390 px phone, into `screenshots`. */
export async function shoot(page: Page, name: string) {
  // A full-page picture repeats a fixed app bar mid-page; pin it to the top for the picture.
  const style = '.MuiAppBar-root { position: absolute !important; }';
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true, style });
  await page.setViewportSize({ width: 390, height: 844 });
  // Layout settles on resize; wait for the page to have no sideways scroll before the picture.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${screenshots}/${name}-phone.png`, fullPage: true, style });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Sign in on the sign-in page (the page must be on its way to it) and wait for the dashboard. The
 * fields are looked up inside the sign-in form: a page being left can have an Email field too.
 */
export async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel(/email/i).fill(email);
  await form.getByLabel(/password/i).fill(password);
  await form.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Choose `template` in the template picker (the one inside `within`, labelled `label`) by typing its
 * name, as a person with more templates than the picker's first page does; its option reads
 * "name (vN)".
 */
export async function chooseTemplate(page: Page, template: string, { within = page, label = 'Template' }: { within?: Page | Locator; label?: string } = {}) {
  await within.getByRole('combobox', { name: label }).fill(template);
  const name = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('option', { name: new RegExp(`^${name} \\(v\\d+\\)$`) }).click();
}

/**
 * Generate from `template` on the Generate page with these variable values, in the run mode whose
 * label matches `mode`, never from the cache (a cache hit would not exercise the mode).
 */
export async function generate(page: Page, template: string, values: Record<string, string>, mode: RegExp) {
  await page.getByRole('link', { name: 'Generate' }).first().click();
  await expect(page.getByRole('heading', { name: 'Generate', level: 1 })).toBeVisible();
  await chooseTemplate(page, template);
  for (const [name, value] of Object.entries(values)) await page.locator(`#var-${name}`).fill(value);
  await page.getByRole('button', { name: 'Advanced' }).click();
  // The select can be clicked while the accordion still opens, and then its menu stays shut: try
  // again until the option is chosen (a state, not a delay).
  await expect(async () => {
    await page.getByRole('combobox', { name: 'Run' }).click();
    await page.getByRole('option', { name: mode }).click({ timeout: 3000 });
  }).toPass();
  await page.getByRole('checkbox', { name: /cached answer/ }).uncheck();
  await page.getByRole('button', { name: /^generate$/i }).click();
}

/** Start a batch of `template` over these products from the Batches page, checked first; its id. */
export async function startBatch(page: Page, template: string, products: string[]): Promise<number> {
  await page.getByRole('link', { name: 'Batches' }).click();
  await chooseTemplate(page, template);
  await page.getByLabel('Batch file').setInputFiles({
    name: 'products.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(['product', ...products].join('\n') + '\n'),
  });
  await page.getByRole('button', { name: 'Check file and estimate' }).click();
  await expect(page.getByText(`${products.length} rows · 0 invalid`)).toBeVisible();
  await page.getByRole('button', { name: 'Start batch' }).click();
  await expect(page).toHaveURL(/\/batches\/\d+/);
  return shownId(page);
}

/** The id of the object whose page is open (`/batches/12`, `/history/7`). */
export function shownId(page: Page): number {
  return Number(new URL(page.url()).pathname.split('/').at(-1));
}

/** The real API as one user (a bearer token of their own), answers parsed and checked. */
export class Api {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly access: string,
  ) {}

  static async signIn(request: APIRequestContext, login: { email: string; password: string }): Promise<Api> {
    const answer = await request.post('/api/auth/token/', { data: login });
    expect(answer.status(), await answer.text()).toBe(200);
    return new Api(request, ((await answer.json()) as { access: string }).access);
  }

  async get<T>(path: string): Promise<T> {
    return this.check<T>(await this.request.get(path, { headers: this.headers() }), 200);
  }

  async post<T>(path: string, data: unknown, status = 201): Promise<T> {
    return this.check<T>(await this.request.post(path, { data, headers: this.headers() }), status);
  }

  async patch<T>(path: string, data: unknown): Promise<T> {
    return this.check<T>(await this.request.patch(path, { data, headers: this.headers() }), 200);
  }

  async put<T>(path: string, data: unknown): Promise<T> {
    return this.check<T>(await this.request.put(path, { data, headers: this.headers() }), 200);
  }

  private headers() {
    return { Authorization: `Bearer ${this.access}` };
  }

  private async check<T>(answer: APIResponse, status: number): Promise<T> {
    expect(answer.status(), await answer.text()).toBe(status);
    return (await answer.json()) as T;
  }
}

/** The id of the demo workspace, which the demo admin owns. */
export async function demoWorkspace(api: Api): Promise<number> {
  const me = await api.get<{ memberships: { workspace: { id: number; slug: string } }[] }>('/api/me/');
  return me.memberships.find((m) => m.workspace.slug === 'demo')!.workspace.id;
}

/**
 * The setup of a spec whose model server is a fake (fakeProvider.ts): the fake started, a page
 * open, the demo admin's API and workspace, and the workspace's OpenAI-compatible credential
 * pointing at the fake.
 */
export async function setUpWithFakeModel(
  { browser, playwright, baseURL }: { browser: Browser; playwright: PlaywrightWorkerArgs['playwright']; baseURL?: string },
  fake: FakeProvider,
): Promise<{ page: Page; api: Api; workspace: number }> {
  const baseUrl = await fake.start();
  const page = await browser.newPage();
  const api = await Api.signIn(await playwright.request.newContext({ baseURL }), demoLogin);
  const workspace = await demoWorkspace(api);
  await api.post('/api/provider-credentials/', { workspace, provider: 'openai_compatible', api_key: 'e2e-key', base_url: baseUrl });
  return { page, api, workspace };
}

/** A template that writes a tagline for `{{ product }}`, run on the fake model server unless `defaults` names another provider. */
export function createTaglineTemplate(api: Api, workspace: number, name: string, defaults: object = { provider: 'openai_compatible', model: 'e2e-model' }) {
  return api.post<{ id: number }>('/api/templates/', { workspace, name, body: 'Write a tagline for {{ product }}.', variables: [{ name: 'product' }], defaults });
}
