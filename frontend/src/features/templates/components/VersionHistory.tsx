import { Button, Card, CardContent, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { memo, useState } from 'react';

import { ConfirmDialog, EmptyState, ErrorState, LoadingState } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { PromoteButton } from '../../releases';
import { useListVersionsQuery } from '../api';
import type { Template } from '../types';
import { VersionCompareDialog } from './VersionCompareDialog';

/**
 * Versions newest first; compare any two, restore one as version n+1. A restore is sent with the
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
  const { data: versions, error, isLoading, refetch } = useListVersionsQuery(template.id);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [restoreTarget, setRestoreTarget] = useState<number | null>(null);
  const current = template.current_version.number;

  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Version history
        </Typography>
        {isLoading ? (
          <LoadingState />
        ) : error ? (
          <ErrorState error={error} onRetry={refetch} />
        ) : !versions?.length ? (
          <EmptyState title="No versions" />
        ) : (
          <List dense aria-label="Versions">
            {versions.map((v) => (
              <ListItem key={v.number} divider sx={{ flexWrap: 'wrap', gap: 1 }}>
                <ListItemText
                  primary={`v${v.number}${v.number === current ? ' (current)' : ''}${v.changelog ? ` — ${v.changelog}` : ''}`}
                  secondary={formatDateTime(v.created_at)}
                  sx={{ minWidth: 160 }}
                />
                {v.number !== current ? (
                  <Stack direction="row" spacing={0.5}>
                    <Button size="small" onClick={() => setCompare({ from: v.number, to: current })} aria-label={`Diff v${v.number}`}>
                      Diff
                    </Button>
                    {canEdit ? (
                      <Button size="small" onClick={() => setRestoreTarget(v.number)} disabled={restoring} aria-label={`Restore v${v.number}`}>
                        Restore
                      </Button>
                    ) : null}
                  </Stack>
                ) : null}
                {canEdit ? <PromoteButton template={template} version={v.number} /> : null}
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
      {compare && versions ? (
        <VersionCompareDialog templateId={template.id} versions={versions.map((v) => v.number)} initial={compare} onClose={() => setCompare(null)} />
      ) : null}
      <ConfirmDialog
        open={restoreTarget !== null}
        title={`Restore version ${restoreTarget}?`}
        confirmLabel="Restore"
        onClose={() => setRestoreTarget(null)}
        onConfirm={() => {
          if (restoreTarget !== null) onRestore(restoreTarget);
          setRestoreTarget(null);
        }}
      >
        Its content becomes version {shownVersion + 1}; no history is lost.
      </ConfirmDialog>
    </Card>
  );
});
