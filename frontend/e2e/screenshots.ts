import { expect, type Page } from '@playwright/test';

const shots = 'e2e/screenshots';

/** The screen at desktop size and on a 390 px phone, into `e2e/screenshots/`. */
export async function shoot(page: Page, name: string) {
  // A full-page picture repeats a fixed app bar mid-page; pin it to the top for the picture.
  const style = '.MuiAppBar-root { position: absolute !important; }';
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true, style });
  await page.setViewportSize({ width: 390, height: 844 });
  // Layout settles on resize; wait for the page to have no sideways scroll before the picture.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true, style });
  await page.setViewportSize({ width: 1280, height: 900 });
}
