import { readFileSync } from 'node:fs';

import { expect, type Page } from '@playwright/test';
import { createIntl } from 'react-intl';

// The dashboard's own catalogues (src/i18n/), read by the stories that run in Portuguese: they find
// elements by the Portuguese of a message id, and fail when a page shows an English message.

type Catalogue = Record<string, string>;
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../src/i18n/${name}`, import.meta.url), 'utf8')) as T;

const en = read<Catalogue>('en.json');
const ptBR = read<Catalogue>('pt-BR.json');
const sameInPortuguese = new Set(read<string[]>('same-in-pt-BR.json'));

const intl = createIntl({ locale: 'pt-BR', messages: ptBR });

/** The Portuguese of a message, to find an element by it; `values` fill its placeholders (a select's choice, a count). */
export function pt(id: string, values?: Record<string, string | number>): string {
  const text = ptBR[id];
  if (text === undefined) throw new Error(`no message "${id}" in pt-BR.json`);
  return values ? intl.formatMessage({ id }, values) : text;
}

/**
 * Each English message that Portuguese says otherwise, as a pattern of a whole text: `{name}`
 * placeholders match anything, rich-text tags are dropped; messages with plurals or selects are
 * left out (their English pieces are too short to tell from user content).
 */
function englishPatterns(): { id: string; source: string }[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.entries(en)
    .filter(([id, text]) => !sameInPortuguese.has(id) && ptBR[id] !== text && !/\{\s*\w+\s*,\s*(plural|select)/.test(text))
    .map(([id, text]) => {
      const literal = text.replace(/<\/?\w+>/g, '').split(/\{\s*\w+\s*\}/).map(escape).join('.+');
      return { id, source: `^${literal}$` };
    })
    .filter(({ source }) => /[A-Za-z]{2}/.test(source));
}

/**
 * Fails when any element's text, or a shown attribute (aria-label, placeholder, title, alt), is
 * a message of the English catalogue that Portuguese writes differently.
 */
export async function expectNoEnglish(page: Page) {
  const found = await page.evaluate((patterns) => {
    const compiled = patterns.map(({ id, source }) => ({ id, re: new RegExp(source) }));
    const hits: string[] = [];
    const check = (text: string | null | undefined, where: string) => {
      const value = text?.replace(/\s+/g, ' ').trim();
      if (!value || value.length > 400) return;
      for (const { id, re } of compiled) if (re.test(value)) hits.push(`${where}: "${value}" (${id})`);
    };
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      if (element.closest('script, style, [aria-hidden="true"]')) continue;
      if (element.checkVisibility?.() === false) continue;
      check(element.innerText, element.tagName.toLowerCase());
      for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) check(element.getAttribute(attribute), `${element.tagName.toLowerCase()}[${attribute}]`);
    }
    return [...new Set(hits)];
  }, englishPatterns());
  expect(found, `English on a Portuguese page (${page.url()})`).toEqual([]);
}
