import { Link as RouterLink } from 'react-router';

import { formatDateTime } from '../../../../lib/format';
import type { Generation } from '../../types';

/** The template and version it ran, when, and in which mode. */
export function GenerationSubtitle({ generation: g }: { generation: Generation }) {
  return (
    <>
      {g.template_name ? (
        <RouterLink to={`/templates/${g.template}`}>
          {g.template_name}
          {g.template_version ? ` v${g.template_version}` : ''}
        </RouterLink>
      ) : (
        'No template'
      )}{' '}
      · {formatDateTime(g.created_at)} · {g.mode}
    </>
  );
}
