import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { formatDateTime } from '../../../../lib/format';
import type { Generation } from '../../types';

const MODES: Record<Generation['mode'], MessageDescriptor> = defineMessages({
  sync: { id: 'generations.mode.sync', defaultMessage: 'sync' },
  async: { id: 'generations.mode.async', defaultMessage: 'async' },
  stream: { id: 'generations.mode.stream', defaultMessage: 'stream' },
  batch: { id: 'generations.mode.batch', defaultMessage: 'batch' },
});

/** The template and version it ran, when, and in which mode. */
export function GenerationSubtitle({ generation: g }: { generation: Generation }) {
  const intl = useIntl();
  const template = g.template_name ? (
    <RouterLink to={`/templates/${g.template}`}>
      {g.template_version ? (
        <FormattedMessage id="generations.templateVersion" defaultMessage="{name} v{version}" values={{ name: g.template_name, version: g.template_version }} />
      ) : (
        g.template_name
      )}
    </RouterLink>
  ) : (
    intl.formatMessage({ id: 'generations.detail.noTemplate', defaultMessage: 'No template' })
  );
  return (
    <FormattedMessage
      id="generations.detail.subtitle"
      defaultMessage="{template} · {created} · {mode}"
      values={{ template, created: formatDateTime(g.created_at), mode: intl.formatMessage(MODES[g.mode]) }}
    />
  );
}
