import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useIntl } from 'react-intl';

import { LOCALES, useLocaleSetting, type AppLocale } from '../../../../i18n';

/**
 * The language switch of the signed-out screens (they have no user menu): each language named in
 * itself, so someone who reads only Portuguese finds it on an English page. The choice is kept at
 * this browser; signing up sends it to become the profile's.
 */
export function PublicLanguagePicker() {
  const intl = useIntl();
  const { locale, choose } = useLocaleSetting();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={locale}
      onChange={(_e, next: AppLocale | null) => next && choose(next)}
      aria-label={intl.formatMessage({ id: 'accounts.public.language', defaultMessage: 'Language' })}
      sx={{ alignSelf: 'flex-end' }}
    >
      {LOCALES.map((option) => (
        <ToggleButton key={option.locale} value={option.locale} lang={option.locale} sx={{ textTransform: 'none', py: 0.25 }}>
          {option.name}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
