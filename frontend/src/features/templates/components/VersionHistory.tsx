import { Button, List, ListItem, ListItemText, Stack } from '@mui/material';
import { memo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ConfirmItemDialog, QueryView, SectionCard } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { usePage } from '../../../lib/hooks';
import { PromoteButton } from '../../releases';
import { useListVersionsQuery } from '../api';
import { VERSION_SHORT } from '../messages';
import type { Template } from '../types';
import { VersionCompareDialog } from './VersionCompareDialog';

/**
 * Versions newest first, a page at a time; compare any two, restore one as version n+1. A restore is sent with the
 * version the page shows (`shownVersion`), so a stale page gets the editor's conflict flow.
 */
/** Memoised: the editor re-renders on every keystroke, this panel only when its props change. */
export const VersionHistory = memo(function VersionHistory({
  template,
  shownVersion,
  canEdit,
  restoring,
  onRestore,
}: {
  template: Template;
  shownVersion: number;
  canEdit: boolean;
  restoring: boolean;
  onRestore: (version: number) => void;
}) {
  const intl = useIntl();
  const list = usePage(template.id);
  const versions = useListVersionsQuery({ id: template.id, page: list.page });
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [restoreTarget, setRestoreTarget] = useState<number | null>(null);
  const current = template.current_version.number;

  return (
    <SectionCard title={<FormattedMessage id="templates.history.title" defaultMessage="Version history" />}>
      <QueryView query={versions} list={list} empty={{ title: intl.formatMessage({ id: 'templates.history.empty', defaultMessage: 'No versions' }) }}>
        {(rows, footer) => (
          <>
            <List dense aria-label={intl.formatMessage({ id: 'templates.history.list', defaultMessage: 'Versions' })}>
              {rows.map((v) => (
                <ListItem key={v.number} divider sx={{ flexWrap: 'wrap', gap: 1 }}>
                  <ListItemText
                    primary={[
                      v.number === current
                        ? intl.formatMessage({ id: 'templates.history.current', defaultMessage: 'v{version} (current)' }, { version: v.number })
                        : intl.formatMessage(VERSION_SHORT, { version: v.number }),
                      v.changelog,
                    ]
                      .filter(Boolean)
                      .join(' — ')}
                    secondary={formatDateTime(v.created_at)}
                    sx={{ minWidth: 160 }}
                  />
                  {v.number !== current ? (
                    <Stack direction="row" spacing={0.5}>
                      <Button
                        size="small"
                        onClick={() => setCompare({ from: v.number, to: current })}
                        aria-label={intl.formatMessage({ id: 'templates.history.diffVersion', defaultMessage: 'Diff v{version}' }, { version: v.number })}
                      >
                        <FormattedMessage id="templates.history.diff" defaultMessage="Diff" />
                      </Button>
                      {canEdit ? (
                        <Button
                          size="small"
                          onClick={() => setRestoreTarget(v.number)}
                          disabled={restoring}
                          aria-label={intl.formatMessage({ id: 'templates.history.restoreVersion', defaultMessage: 'Restore v{version}' }, { version: v.number })}
                        >
                          <FormattedMessage id="templates.history.restore" defaultMessage="Restore" />
                        </Button>
                      ) : null}
                    </Stack>
                  ) : null}
                  {canEdit ? <PromoteButton template={template} version={v.number} /> : null}
                </ListItem>
              ))}
            </List>
            {footer}
          </>
        )}
      </QueryView>
      {compare ? (
        // Any two versions, not only this page's: they are numbered 1 to the current one.
        <VersionCompareDialog templateId={template.id} versions={Array.from({ length: current }, (_, i) => current - i)} initial={compare} onClose={() => setCompare(null)} />
      ) : null}
      <ConfirmItemDialog
        item={restoreTarget}
        title={intl.formatMessage({ id: 'templates.history.confirmTitle', defaultMessage: 'Restore version {version}?' }, { version: restoreTarget })}
        confirmLabel={intl.formatMessage({ id: 'templates.history.restore', defaultMessage: 'Restore' })}
        onClose={() => setRestoreTarget(null)}
        onConfirm={onRestore}
      >
        <FormattedMessage id="templates.history.confirmBody" defaultMessage="Its content becomes version {version}; no history is lost." values={{ version: shownVersion + 1 }} />
      </ConfirmItemDialog>
    </SectionCard>
  );
});
