import { createContext, useContext } from 'react';

import type { AppLocale } from './locales';

export interface LocaleSetting {
  locale: AppLocale;
  timeZone: string;
  /** Show the dashboard in `locale` now and remember it at this browser (the profile is saved by the caller). */
  choose: (locale: AppLocale) => void;
}

export const LocaleContext = createContext<LocaleSetting | null>(null);

export function useLocaleSetting(): LocaleSetting {
  const setting = useContext(LocaleContext);
  if (!setting) throw new Error('useLocaleSetting needs the LocaleProvider');
  return setting;
}
