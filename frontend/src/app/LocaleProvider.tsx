import { CssBaseline, ThemeProvider } from '@mui/material';
import { createTheme } from '@mui/material/styles';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';

import { useGetMeQuery } from '../features/accounts';
import {
  anonymousLocale,
  browserTimeZone,
  DEFAULT_LOCALE,
  loadCatalogue,
  loadedCatalogue,
  LocaleContext,
  saveChosenLocale,
  toAppLocale,
  type AppLocale,
  type LocaleSetting,
} from '../i18n';
import { setFormatting } from '../lib/format';
import { selectIsSignedIn } from '../lib/session';
import { theme } from '../lib/theme';
import { useAppSelector } from './hooks';

/**
 * The language to show when `wanted` is asked for: `wanted` once its catalogue is here (English
 * always is), until then the language shown before, or null at the start. Never English words
 * in a page that says it is Portuguese, and no reload to switch.
 */
function useShownLocale(wanted: AppLocale): AppLocale | null {
  const [shown, setShown] = useState<AppLocale | null>(null);
  const ready = loadedCatalogue(wanted) ? wanted : null;
  if (ready && ready !== shown) setShown(ready); // remembered for the next switch
  useEffect(() => {
    if (loadedCatalogue(wanted)) return;
    let current = true;
    loadCatalogue(wanted).then(
      () => current && setShown(wanted),
      // The catalogue could not be fetched (offline): stay in the language shown, else the default.
      () => current && setShown((before) => before ?? DEFAULT_LOCALE),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  return ready ?? shown;
}

/**
 * The language and time zone every screen is shown in: the signed-in user's saved ones, else
 * what was picked at this browser, else the browser's. It feeds react-intl (messages), MUI and
 * MUI X Charts (their own texts) and `lib/format` (dates, numbers, costs through Intl). Nothing is
 * shown until the language's catalogue is loaded (Portuguese comes in a chunk of its own).
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const signedIn = useAppSelector(selectIsSignedIn);
  const { data: me } = useGetMeQuery(undefined, { skip: !signedIn });
  const [chosen, setChosen] = useState<AppLocale>(anonymousLocale);
  const wanted = (signedIn ? toAppLocale(me?.language) : null) ?? chosen;
  const locale = useShownLocale(wanted) ?? wanted; // `wanted` only while nothing is rendered
  const catalogue = loadedCatalogue(locale);
  const timeZone = (signedIn ? me?.time_zone : null) || browserTimeZone();
  if (catalogue) setFormatting(locale, timeZone); // before the children render: they format with it

  const setting = useMemo<LocaleSetting>(
    () => ({
      locale,
      timeZone,
      choose: (next) => {
        saveChosenLocale(next);
        setChosen(next);
      },
    }),
    [locale, timeZone],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const localizedTheme = useMemo(() => createTheme(theme, ...(catalogue?.components ?? [])), [catalogue]);

  if (!catalogue) return null;
  return (
    <LocaleContext value={setting}>
      <IntlProvider locale={locale} timeZone={timeZone} defaultLocale={DEFAULT_LOCALE} messages={catalogue.messages}>
        <ThemeProvider theme={localizedTheme} defaultMode="system">
          <CssBaseline />
          {children}
        </ThemeProvider>
      </IntlProvider>
    </LocaleContext>
  );
}
