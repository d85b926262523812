import { Autocomplete, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMemo, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { LOCALES, toApiLanguage, toAppLocale, useLocaleSetting } from '../../../../i18n';
import type { Me } from '../../types';
import { FormFooter } from './FormFooter';
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
  const { save, saving, error, saved, fieldError } = useMeUpdate();
  const [language, setLanguage] = useState<Language>(me.language);
  const [timeZone, setTimeZone] = useState(me.time_zone);
  const zones = useMemo(() => timeZones(me.time_zone), [me.time_zone]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Remembered at this browser too, so the sign-in page speaks it after signing out.
    const chosen = toAppLocale(language);
    if (await save({ language, time_zone: timeZone })) {
      if (chosen) choose(chosen);
    }
  };
  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'accounts.profile.locale.form', defaultMessage: 'Language and time zone' })}>
      <Typography variant="h2">
        <FormattedMessage id="accounts.profile.locale.title" defaultMessage="Language and time zone" />
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          select
          label={intl.formatMessage({ id: 'accounts.profile.locale.language', defaultMessage: 'Language' })}
          value={language}
          onChange={(e) => setLanguage(e.target.value as Language)}
          {...fieldError('language')}
        >
          <MenuItem value="">
            <FormattedMessage id="accounts.profile.locale.followBrowser" defaultMessage="Follow the browser" />
          </MenuItem>
          {LOCALES.map((option) => (
            <MenuItem key={option.locale} value={toApiLanguage(option.locale)} lang={option.locale}>
              {option.name}
            </MenuItem>
          ))}
        </TextField>
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
      <FormFooter
        error={error}
        shownFields={['language', 'time_zone']}
        saved={saved}
        saving={saving}
        disabled={!timeZone}
        savedText={<FormattedMessage id="accounts.profile.locale.saved" defaultMessage="Language and time zone saved." />}
        submitText={<FormattedMessage id="accounts.profile.locale.save" defaultMessage="Save language and time zone" />}
        busyText={<FormattedMessage id="accounts.profile.saving" defaultMessage="Saving…" />}
      />
    </Stack>
  );
}
