import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import { IconButton, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { fieldMessage, type ApiError } from '../../../lib/errors';
import { ProviderModelPicker } from '../../providers';
import { LabelPicker } from '../../releases';
import { TemplatePicker, useTemplateSearch } from '../../templates';
import type { TargetDraft } from '../useCompareForm';

/** One target of a comparison: a template, its label or version, and the provider and model to run it on. */
export function TargetFields({
  position,
  target,
  workspace,
  error,
  disabled,
  onChange,
  onRemove,
}: {
  position: number;
  target: TargetDraft;
  workspace: number;
  error: ApiError | null;
  disabled: boolean;
  onChange: (change: Partial<TargetDraft>) => void;
  onRemove?: () => void;
}) {
  const intl = useIntl();
  const field = (name: string) => fieldMessage(error, `targets.${position}.${name}`);
  const templates = useTemplateSearch(workspace);
  const { template } = target;
  return (
    <Stack spacing={1} role="group" aria-label={intl.formatMessage({ id: 'compare.target.aria', defaultMessage: 'Target {number}' }, { number: position + 1 })}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h3">
          <FormattedMessage id="compare.target.title" defaultMessage="Target {number}" values={{ number: position + 1 }} />
        </Typography>
        {onRemove ? (
          <IconButton size="small" onClick={onRemove} disabled={disabled} aria-label={intl.formatMessage({ id: 'compare.target.remove', defaultMessage: 'Remove target {number}' }, { number: position + 1 })}>
            <DeleteOutlineIcon fontSize="small" />
          </IconButton>
        ) : null}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
        <TemplatePicker
          search={templates}
          required
          value={template}
          onChange={(next) => onChange({ template: next, release: null })}
          disabled={disabled}
          error={field('template')}
          sx={{ minWidth: 220 }}
        />
        {template ? (
          <LabelPicker
            template={template.id}
            latest={template.current_version.number}
            value={target.release}
            onChange={(release) => onChange({ release })}
            disabled={disabled}
            error={field('label') ?? field('version')}
          />
        ) : null}
      </Stack>
      <ProviderModelPicker
        workspace={workspace}
        value={target.choice}
        onChange={(choice) => onChange({ choice })}
        errors={{ provider: field('provider'), model: field('model') }}
        defaultLabel={intl.formatMessage({ id: 'compare.target.defaultProvider', defaultMessage: 'Template default' })}
      />
    </Stack>
  );
}
