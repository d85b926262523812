/**
 * The dashboard's languages and how one is chosen: the signed-in user's saved `language`, else the
 * language picked at this browser (kept in localStorage, so the sign-in page keeps it), else the
 * browser's own, else English. The API spells Brazilian Portuguese `pt-br`; the dashboard and Intl
 * spell it `pt-BR`.
 */
import type { Schemas } from '../lib/apiTypes';

export type AppLocale = 'en' | 'pt-BR';
export type ApiLanguage = Schemas['LanguageEnum'];

/** Each language named in itself, so a person finds their own whatever the screen's language. */
export const LOCALES: readonly { locale: AppLocale; name: string }[] = [
  { locale: 'en', name: 'English' },
  { locale: 'pt-BR', name: 'Português (Brasil)' },
];

export const DEFAULT_LOCALE: AppLocale = 'en';
const STORAGE_KEY = 'aiagency.locale';

/** The closest dashboard language to a BCP 47 tag or an API language; null when none is close. */
export function toAppLocale(tag: string | null | undefined): AppLocale | null {
  const language = tag?.toLowerCase().split(/[-_]/)[0];
  if (language === 'pt') return 'pt-BR';
  if (language === 'en') return 'en';
  return null;
}

export function toApiLanguage(locale: AppLocale): ApiLanguage {
  return locale === 'pt-BR' ? 'pt-br' : 'en';
}

export function browserLocale(): AppLocale | null {
  for (const tag of globalThis.navigator?.languages ?? []) {
    const locale = toAppLocale(tag);
    if (locale) return locale;
  }
  return null;
}

let zone: string | undefined;

/** Read once: building a DateTimeFormat costs a few milliseconds, and the LocaleProvider asks on each render. */
export function browserTimeZone(): string {
  return (zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}

export function loadChosenLocale(): AppLocale | null {
  try {
    return toAppLocale(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export function saveChosenLocale(locale: AppLocale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or a full quota: the choice still holds for this tab.
  }
}

/** The language of this browser when nobody is signed in (and of API requests before `/api/me/`). */
export function anonymousLocale(): AppLocale {
  return loadChosenLocale() ?? browserLocale() ?? DEFAULT_LOCALE;
}
