/** Loading, empty and error states: every screen shows one of these before its content. */
import InboxOutlinedIcon from '@mui/icons-material/InboxOutlined';
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

import { toApiError, type ApiError } from '../lib/errors';

export function LoadingState({ label }: { label?: string }) {
  return (
    <Box role="status" aria-live="polite" sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 6, justifyContent: 'center' }}>
      <CircularProgress size={24} />
      <Typography color="text.secondary">{label ?? <FormattedMessage id="common.loading" defaultMessage="Loading…" />}</Typography>
    </Box>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Stack spacing={1} sx={{ alignItems: 'center', py: 6, textAlign: 'center' }}>
      <InboxOutlinedIcon color="disabled" sx={{ fontSize: 48 }} />
      <Typography variant="h3" component="p">
        {title}
      </Typography>
      {children ? <Typography color="text.secondary">{children}</Typography> : null}
      {action}
    </Stack>
  );
}

export function ErrorState({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const parsed: ApiError | null = toApiError(error);
  return (
    <Alert
      severity="error"
      sx={{ my: 2 }}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            <FormattedMessage id="common.retry" defaultMessage="Retry" />
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{title ?? <FormattedMessage id="common.error.couldNotLoad" defaultMessage="Could not load this" />}</AlertTitle>
      {parsed?.message ?? <FormattedMessage id="errors.unknown" defaultMessage="Something went wrong." />}
    </Alert>
  );
}

/** A form-level error: the API's message plus any field messages the form has no input for. */
export function FormError({ error, shownFields = [] }: { error: ApiError | null; shownFields?: string[] }) {
  if (!error) return null;
  const extra = Object.entries(error.fields)
    .filter(([name]) => !shownFields.includes(name))
    .map(([name, messages]) => (name === 'non_field_errors' ? messages.join(' ') : `${name}: ${messages.join(' ')}`));
  const hasShownFieldErrors = Object.keys(error.fields).some((name) => shownFields.includes(name));
  return (
    <Alert severity="error" role="alert">
      {extra.length ? extra.map((line) => <div key={line}>{line}</div>) : hasShownFieldErrors ? <FormattedMessage id="common.error.checkFields" defaultMessage="Check the highlighted fields." /> : error.message}
    </Alert>
  );
}
