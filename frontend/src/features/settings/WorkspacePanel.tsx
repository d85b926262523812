import { Alert, InputAdornment, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, FormError, LoadingState, SaveButton } from '../../components';
import { fieldMessage, fieldProps, toApiError, type ApiError } from '../../lib/errors';
import { currencySymbol } from '../../lib/format';
import { useGetWorkspaceQuery, useUpdateWorkspaceMutation, type Workspace } from '../accounts';
import { ProviderModelPicker, useListProvidersQuery, type ProviderChoice } from '../providers';

/** The workspace's default provider and model, monthly cost budget and daily token quota. */
export function WorkspacePanel({ workspace, canManage }: { workspace: number; canManage: boolean }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useGetWorkspaceQuery(workspace);
  // The form's provider picker needs the catalogue: asked for beside the workspace, not after it.
  useListProvidersQuery({ workspace });
  if (isLoading) return <LoadingState />;
  if (error || !data) return <ErrorState error={error} title={intl.formatMessage({ id: 'settings.workspace.loadError', defaultMessage: 'Could not load the workspace' })} onRetry={refetch} />;
  return <WorkspaceForm key={data.id} workspace={data} canManage={canManage} />;
}

function WorkspaceForm({ workspace, canManage }: { workspace: Workspace; canManage: boolean }) {
  const intl = useIntl();
  const [update, { isLoading }] = useUpdateWorkspaceMutation();
  const [choice, setChoice] = useState<ProviderChoice>({ provider: workspace.default_provider ?? '', model: workspace.default_model ?? '' });
  const [budget, setBudget] = useState(workspace.monthly_cost_budget ?? '');
  const [quota, setQuota] = useState(workspace.daily_token_quota === null || workspace.daily_token_quota === undefined ? '' : String(workspace.daily_token_quota));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  /** A limit's field: read-only unless the user manages the workspace; the server's message, else its hint. */
  const limit = (name: string, help: string) => ({ disabled: !canManage, ...fieldProps(error, name, help) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await update({
        id: workspace.id,
        default_provider: choice.provider,
        default_model: choice.model,
        monthly_cost_budget: budget.trim() === '' ? null : budget.trim(),
        daily_token_quota: quota.trim() === '' ? null : Number(quota),
      }).unwrap();
      setSaved(true);
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'settings.workspace.form', defaultMessage: 'Workspace settings' })} sx={{ maxWidth: 640 }}>
      <Typography variant="h2">
        <FormattedMessage id="settings.workspace.defaults" defaultMessage="Defaults" />
      </Typography>
      <Typography variant="body2" color="text.secondary">
        <FormattedMessage id="settings.workspace.defaultsHelp" defaultMessage="Used when neither the request nor the template names a provider." />
      </Typography>
      <ProviderModelPicker workspace={workspace.id} value={choice} onChange={setChoice} errors={{ provider: fieldMessage(error, 'default_provider'), model: fieldMessage(error, 'default_model') }} defaultLabel={intl.formatMessage({ id: 'settings.workspace.noDefault', defaultMessage: 'None (templates must name one)' })} />
      <Typography variant="h2">
        <FormattedMessage id="settings.workspace.limits" defaultMessage="Limits" />
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          label={intl.formatMessage({ id: 'settings.workspace.budget', defaultMessage: 'Monthly budget' })}
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          {...limit('monthly_cost_budget', intl.formatMessage({ id: 'settings.workspace.budgetHelp', defaultMessage: 'USD per calendar month; empty means no budget.' }))}
          slotProps={{ input: { startAdornment: <InputAdornment position="start">{currencySymbol()}</InputAdornment> }, htmlInput: { inputMode: 'decimal' } }}
        />
        <TextField
          label={intl.formatMessage({ id: 'settings.workspace.quota', defaultMessage: 'Daily token quota' })}
          value={quota}
          onChange={(e) => setQuota(e.target.value)}
          {...limit('daily_token_quota', intl.formatMessage({ id: 'settings.workspace.quotaHelp', defaultMessage: 'Input and output tokens per day; empty means no quota.' }))}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
      </Stack>
      <FormError error={error} shownFields={['default_provider', 'default_model', 'monthly_cost_budget', 'daily_token_quota']} />
      {saved ? (
        <Alert severity="success">
          <FormattedMessage id="settings.workspace.saved" defaultMessage="Settings saved." />
        </Alert>
      ) : null}
      <SaveButton saving={isLoading} readOnlyNotice={canManage ? null : <FormattedMessage id="settings.workspace.adminsOnly" defaultMessage="Admins and owners can change these settings." />}>
        <FormattedMessage id="settings.workspace.save" defaultMessage="Save settings" />
      </SaveButton>
    </Stack>
  );
}
