import { CssBaseline, ThemeProvider } from '@mui/material';
import { enUS as materialEn, ptBR as materialPtBR } from '@mui/material/locale';
import { createTheme } from '@mui/material/styles';
import { enUS as chartsEn, ptBR as chartsPtBR } from '@mui/x-charts/locales';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';

import { useGetMeQuery } from '../features/accounts';
import {
  anonymousLocale,
  browserTimeZone,
  DEFAULT_LOCALE,
  LocaleContext,
  MESSAGES,
  saveChosenLocale,
  toAppLocale,
  type AppLocale,
  type LocaleSetting,
} from '../i18n';
import { setFormatting } from '../lib/format';
import { selectIsSignedIn } from '../lib/session';
import { theme } from '../lib/theme';
import { useAppSelector } from './hooks';

const COMPONENT_LOCALES = {
  en: [materialEn, chartsEn],
  'pt-BR': [materialPtBR, chartsPtBR],
} as const;

/**
 * The language and time zone every screen is shown in: the signed-in user's saved ones, else
 * what was picked at this browser, else the browser's. It feeds react-intl (messages), MUI and
 * MUI X Charts (their own texts) and `lib/format` (dates, numbers, costs through Intl).
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const signedIn = useAppSelector(selectIsSignedIn);
  const { data: me } = useGetMeQuery(undefined, { skip: !signedIn });
  const [chosen, setChosen] = useState<AppLocale>(anonymousLocale);
  const locale = (signedIn ? toAppLocale(me?.language) : null) ?? chosen;
  const timeZone = (signedIn ? me?.time_zone : null) || browserTimeZone();
  setFormatting(locale, timeZone); // before the children render: they format with it

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
  const localizedTheme = useMemo(() => createTheme(theme, ...COMPONENT_LOCALES[locale]), [locale]);

  return (
    <LocaleContext value={setting}>
      <IntlProvider locale={locale} timeZone={timeZone} defaultLocale={DEFAULT_LOCALE} messages={MESSAGES[locale]}>
        <ThemeProvider theme={localizedTheme} defaultMode="system">
          <CssBaseline />
          {children}
        </ThemeProvider>
      </IntlProvider>
    </LocaleContext>
  );
}
