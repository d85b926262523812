import { List, ListItem, ListItemText } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';

import { ErrorState, SectionCard } from '../../../components';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { ITEM_TEXT, type Revision } from '../types';

/** `r3 · ana@example.com`; revision 1 is the AI's text. */
export function revisionLabel(intl: IntlShape, r: Pick<Revision, 'number' | 'author'>): string {
  const revision = intl.formatMessage(ITEM_TEXT.revision, { revision: r.number });
  if (r.number === 1) return intl.formatMessage({ id: 'content.revisions.original', defaultMessage: '{revision} · the AI’s original' }, { revision });
  return `${revision} · ${r.author?.email ?? intl.formatMessage(ITEM_TEXT.unknownAuthor)}`;
}

/** The loaded revisions, newest first; `older` says when there are more and loads them (`ShowOlder`). */
export function RevisionList({ revisions, error, onRetry, older }: { revisions: Revision[]; error?: unknown; onRetry: () => void; older: ReactNode }) {
  const intl = useIntl();
  return (
    <SectionCard title={<FormattedMessage id="content.revisions.title" defaultMessage="Revisions" />} small>
      {error ? <ErrorState error={error} onRetry={onRetry} /> : null}
      <List dense aria-label={intl.formatMessage({ id: 'content.revisions.list', defaultMessage: 'Revisions' })} sx={{ maxHeight: 300, overflow: 'auto' }}>
        {revisions.map((r) => (
          <ListItem key={r.number} disableGutters>
            <ListItemText
              primary={revisionLabel(intl, r)}
              secondary={intl.formatMessage(
                { id: 'content.revisions.meta', defaultMessage: '{created} · edited {edited}' },
                { created: formatDateTime(r.created_at), edited: formatPercent(r.edit_ratio) },
              )}
            />
          </ListItem>
        ))}
      </List>
      {older}
    </SectionCard>
  );
}
