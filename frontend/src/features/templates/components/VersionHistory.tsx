import {
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';

import { ConfirmDialog, EmptyState, ErrorState, FormError, LoadingState } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useLazyGetVersionQuery, useListVersionsQuery, useRestoreVersionMutation } from '../api';
import type { Template, TemplateVersion } from '../types';
import { DiffView } from './DiffView';

/** Versions newest first; compare any of them with the current one, restore one as version n+1. */
export function VersionHistory({ template, canEdit, onRestored }: { template: Template; canEdit: boolean; onRestored?: (restored: Template) => void }) {
  const { data: versions, error, isLoading, refetch } = useListVersionsQuery(template.id);
  const [getVersion] = useLazyGetVersionQuery();
  const [restore, { isLoading: restoring }] = useRestoreVersionMutation();
  const [compare, setCompare] = useState<{ old: TemplateVersion; loading: boolean; error: ApiError | null } | null>(null);
  const [restoreTarget, setRestoreTarget] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<ApiError | null>(null);
  const current = template.current_version;

  const openCompare = async (summary: TemplateVersion) => {
    setCompare({ old: summary, loading: true, error: null });
    try {
      // The list may carry summaries only; the detail has the full body.
      const full = await getVersion({ id: template.id, number: summary.number }, true).unwrap();
      setCompare({ old: full, loading: false, error: null });
    } catch (err) {
      setCompare({ old: summary, loading: false, error: toApiError(err) });
    }
  };

  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          Version history
        </Typography>
        <FormError error={restoreError} />
        {isLoading ? (
          <LoadingState />
        ) : error ? (
          <ErrorState error={error} onRetry={refetch} />
        ) : !versions?.length ? (
          <EmptyState title="No versions" />
        ) : (
          <List dense aria-label="Versions">
            {versions.map((v) => (
              <ListItem
                key={v.number}
                divider
                secondaryAction={
                  v.number !== current.number ? (
                    <Stack direction="row" spacing={0.5}>
                      <Button size="small" onClick={() => openCompare(v)}>
                        Diff
                      </Button>
                      {canEdit ? (
                        <Button size="small" onClick={() => setRestoreTarget(v.number)} disabled={restoring}>
                          Restore
                        </Button>
                      ) : null}
                    </Stack>
                  ) : undefined
                }
              >
                <ListItemText
                  primary={`v${v.number}${v.number === current.number ? ' (current)' : ''}${v.changelog ? ` — ${v.changelog}` : ''}`}
                  secondary={formatDateTime(v.created_at)}
                  sx={{ pr: 16 }}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
      <Dialog open={Boolean(compare)} onClose={() => setCompare(null)} fullWidth maxWidth="md">
        <DialogTitle>
          Changes from v{compare?.old.number} to v{current.number} (current)
        </DialogTitle>
        <DialogContent>
          {compare?.loading ? (
            <LoadingState />
          ) : compare?.error ? (
            <FormError error={compare.error} />
          ) : compare ? (
            <Stack spacing={2}>
              <DiffView label="System prompt" before={compare.old.system_prompt} after={current.system_prompt} />
              <DiffView label="Body" before={compare.old.body} after={current.body} />
              <DiffView
                label="Variables"
                before={JSON.stringify(compare.old.variables ?? [], null, 2)}
                after={JSON.stringify(current.variables ?? [], null, 2)}
              />
              <DiffView label="Defaults" before={JSON.stringify(compare.old.defaults ?? {}, null, 2)} after={JSON.stringify(current.defaults ?? {}, null, 2)} />
            </Stack>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setCompare(null)}>Close</Button>
        </DialogActions>
      </Dialog>
      <ConfirmDialog
        open={restoreTarget !== null}
        title={`Restore version ${restoreTarget}?`}
        confirmLabel="Restore"
        onClose={() => setRestoreTarget(null)}
        onConfirm={async () => {
          const version = restoreTarget;
          setRestoreTarget(null);
          if (version === null) return;
          setRestoreError(null);
          try {
            const restored = await restore({ id: template.id, version }).unwrap();
            onRestored?.(restored);
          } catch (err) {
            setRestoreError(toApiError(err));
          }
        }}
      >
        Its content becomes a new version; no history is lost.
      </ConfirmDialog>
    </Card>
  );
}
