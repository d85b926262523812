import { Autocomplete, Stack, TextField } from '@mui/material';
import { useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { SelectField } from '../../../../components';
import { LOCALES, toApiLanguage, toAppLocale, useLocaleSetting } from '../../../../i18n';
import type { Me } from '../../types';
import { ProfileForm } from './ProfileForm';
import { useMeUpdate } from './useMeUpdate';

type Language = Me['language'];

/** Every IANA zone this browser knows, with the saved one even if it does not (e.g. "UTC" in some engines). */
function timeZones(saved: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(saved) || !saved ? zones : [saved, ...zones];
}

/**
 * The language of the dashboard, the API's messages and e-mails (blank follows the browser), and
 * the time zone of dates and analytics days; saved with `PATCH /api/me/`.
 */
export function LocaleForm({ me }: { me: Me }) {
  const intl = useIntl();
  const { choose } = useLocaleSetting();
  const update = useMeUpdate();
  const { fieldError } = update;
  const [language, setLanguage] = useState<Language>(me.language);
  const [timeZone, setTimeZone] = useState(me.time_zone);
  const zones = useMemo(() => timeZones(me.time_zone), [me.time_zone]);
  const save = async () => {
    // Remembered at this browser too, so the sign-in page speaks it after signing out.
    const chosen = toAppLocale(language);
    if ((await update.save({ language, time_zone: timeZone })) && chosen) choose(chosen);
  };
  return (
    <ProfileForm
      title={intl.formatMessage({ id: 'accounts.profile.locale.title', defaultMessage: 'Language and time zone' })}
      update={update}
      onSave={save}
      shownFields={['language', 'time_zone']}
      disabled={!timeZone}
      savedText={<FormattedMessage id="accounts.profile.locale.saved" defaultMessage="Language and time zone saved." />}
      submitText={<FormattedMessage id="accounts.profile.locale.save" defaultMessage="Save language and time zone" />}
    >
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <SelectField
          label={intl.formatMessage({ id: 'accounts.profile.locale.language', defaultMessage: 'Language' })}
          value={language}
          onChange={setLanguage}
          emptyLabel={<FormattedMessage id="accounts.profile.locale.followBrowser" defaultMessage="Follow the browser" />}
          options={LOCALES.map((option) => ({ value: toApiLanguage(option.locale), label: option.name, lang: option.locale }))}
          {...fieldError('language')}
        />
        <Autocomplete
          options={zones}
          value={timeZone}
          onChange={(_e, next) => next && setTimeZone(next)}
          disableClearable
          fullWidth
          renderInput={(params) => (
            <TextField {...params} label={intl.formatMessage({ id: 'accounts.profile.locale.timeZone', defaultMessage: 'Time zone' })} {...fieldError('time_zone')} />
          )}
        />
      </Stack>
    </ProfileForm>
  );
}
