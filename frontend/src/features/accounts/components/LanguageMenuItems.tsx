import CheckIcon from '@mui/icons-material/Check';
import { ListItemIcon, ListItemText, ListSubheader, MenuItem } from '@mui/material';
import { FormattedMessage } from 'react-intl';

import { LOCALES, toApiLanguage, useLocaleSetting, type AppLocale } from '../../../i18n';
import { useUpdateMeMutation } from '../api';

/**
 * The language switch of the user menu: shows the dashboard in that language at once and saves
 * it to the profile (`PATCH /api/me/ {language}`), so the API's messages and e-mails follow.
 */
export function LanguageMenuItems({ onChosen }: { onChosen: () => void }) {
  const { locale, choose } = useLocaleSetting();
  const [updateMe] = useUpdateMeMutation();
  const pick = async (next: AppLocale) => {
    onChosen();
    choose(next);
    await updateMe({ language: toApiLanguage(next) });
  };
  return [
    <ListSubheader key="heading">
      <FormattedMessage id="accounts.userMenu.language" defaultMessage="Language" />
    </ListSubheader>,
    ...LOCALES.map((option) => (
      <MenuItem key={option.locale} selected={option.locale === locale} lang={option.locale} onClick={() => pick(option.locale)}>
        <ListItemIcon>{option.locale === locale ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
        <ListItemText>{option.name}</ListItemText>
      </MenuItem>
    )),
  ];
}
