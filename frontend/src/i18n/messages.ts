/**
 * The catalogues. `en.json` is extracted from the code (`npm run i18n:extract`): it says what the
 * code's `defaultMessage`s say, which react-intl shows when the locale is the default one, so the
 * English catalogue is never shipped. `pt-BR.json` is written by people and, with MUI's and MUI X
 * Charts' own Portuguese texts, is loaded only when someone reads Portuguese (benchmarks/dashboard.md).
 */
import type { AppLocale } from './locales';

export interface Catalogue {
  messages: Record<string, string>;
  /** Theme overrides with the components' own texts (pagination, charts...); none in English, their default. */
  components: object[];
}

const ENGLISH: Catalogue = { messages: {}, components: [] };

const loaders: Record<AppLocale, () => Promise<Catalogue>> = {
  en: () => Promise.resolve(ENGLISH),
  'pt-BR': () => import('./pt-BR').then((m) => m.CATALOGUE),
};

const loaded: Partial<Record<AppLocale, Catalogue>> = { en: ENGLISH };

/** The catalogue of `locale` if it is here already (English always is), else undefined. */
export function loadedCatalogue(locale: AppLocale): Catalogue | undefined {
  return loaded[locale];
}

/** The catalogue of `locale`, fetched the first time. */
export async function loadCatalogue(locale: AppLocale): Promise<Catalogue> {
  return (loaded[locale] ??= await loaders[locale]());
}
