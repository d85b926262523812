/** The part of a secret the API shows (an API key's prefix, a credential's last 4 characters), the rest elided. */
import { FormattedMessage } from 'react-intl';

export function MaskedSecret({ start = '', end = '' }: { start?: string; end?: string }) {
  return (
    <code>
      <FormattedMessage id="common.maskedSecret" defaultMessage="{start}…{end}" values={{ start, end }} />
    </code>
  );
}
