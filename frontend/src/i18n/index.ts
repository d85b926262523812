/** Languages of the dashboard: which one is shown, its catalogue, and the switch. */
export { LocaleContext, useLocaleSetting, type LocaleSetting } from './LocaleContext';
export {
  anonymousLocale,
  browserTimeZone,
  DEFAULT_LOCALE,
  LOCALES,
  loadChosenLocale,
  saveChosenLocale,
  toApiLanguage,
  toAppLocale,
  type AppLocale,
} from './locales';
export { loadCatalogue, loadedCatalogue, type Catalogue } from './messages';
