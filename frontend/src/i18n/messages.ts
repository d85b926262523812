/** The catalogues: `en.json` is extracted from the code (`npm run i18n:extract`), `pt-BR.json` is written by people. */
import en from './en.json';
import ptBR from './pt-BR.json';
import type { AppLocale } from './locales';

export const MESSAGES: Record<AppLocale, Record<string, string>> = { en, 'pt-BR': ptBR };
