import { FormattedMessage } from 'react-intl';

import { useLocaleSetting } from '../../../i18n';
import { isoDaysAgo } from '../../../lib/format';
import { useGetQualityQuery } from '../api';
import { QualityCard } from './QualityCard';

/** The longest period the API takes (`MAX_DAYS`): a template's whole recent history. */
const DAYS = 366;

/** A template's content quality, per version and per project, for its page. */
export function TemplateQuality({ workspace, template }: { workspace: number; template: number }) {
  const { timeZone } = useLocaleSetting();
  const range = { workspace, template, start: isoDaysAgo(DAYS - 1), end: isoDaysAgo(0), tz: timeZone };
  const quality = useGetQualityQuery(range);
  return (
    <QualityCard
      query={quality}
      subtitle={
        <FormattedMessage
          id="analytics.templateQuality.period"
          defaultMessage="Content made from this template in the last {days, plural, one {# day} other {# days}}."
          values={{ days: DAYS }}
        />
      }
    />
  );
}
