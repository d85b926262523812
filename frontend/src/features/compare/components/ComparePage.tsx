import AddIcon from '@mui/icons-material/Add';
import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import { Box, Button, Card, CardContent, Divider, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError, PageHeader, SaveButton } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { useCurrentWorkspace } from '../../accounts';
import { VariableInputs, type TemplateVariable } from '../../templates';
import { MAX_TARGETS, MIN_TARGETS, useCompareForm } from '../useCompareForm';
import { ComparisonColumn } from './ComparisonColumn';
import { TargetFields } from './TargetFields';

/** The API names a variable's error under each target (`targets.0.variables.topic`): shown once, beside the input. */
function variableErrors(error: ApiError | null, schema: TemplateVariable[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(error?.fields ?? {})) {
    const name = /^targets\.\d+\.variables\.(.+)$/.exec(field)?.[1];
    if (name && schema.some((v) => v.name === name) && !out[name]) out[name] = messages.join(' ');
  }
  return out;
}

function CompareForm({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const form = useCompareForm();
  const { stream, requestError } = form;
  const busy = form.starting || stream.streaming;
  const shown = ['targets', ...form.targets.flatMap((_t, i) => ['template', 'label', 'version', 'provider', 'model'].map((f) => `targets.${i}.${f}`))];
  const varErrors = variableErrors(requestError, form.schema);

  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={form.submit} noValidate aria-label={intl.formatMessage({ id: 'compare.form.aria', defaultMessage: 'Comparison' })}>
            {form.targets.map((target, position) => (
              <Box key={target.key}>
                {position ? <Divider sx={{ mb: 2 }} /> : null}
                <TargetFields
                  position={position}
                  target={target}
                  workspace={workspace}
                  error={requestError}
                  disabled={busy}
                  onChange={(change) => form.update(target.key, change)}
                  onRemove={form.targets.length > MIN_TARGETS ? () => form.remove(target.key) : undefined}
                />
              </Box>
            ))}
            <Box>
              <Button startIcon={<AddIcon />} onClick={form.add} disabled={busy || form.targets.length >= MAX_TARGETS}>
                <FormattedMessage id="compare.form.add" defaultMessage="Add a target" />
              </Button>
            </Box>
            <Typography variant="h2">
              <FormattedMessage id="compare.form.variables" defaultMessage="Variables" />
            </Typography>
            <VariableInputs schema={form.schema} values={form.values} onChange={form.change} errors={{ ...varErrors, ...form.clientErrors }} disabled={busy} idPrefix="compare" />
            <FormError error={requestError && !Object.keys(varErrors).length ? requestError : null} shownFields={shown} />
            {stream.error ? <FormError error={stream.error} /> : null}
            <Box>
              <SaveButton
                startIcon={<CompareArrowsIcon />}
                saving={busy}
                busyText={<FormattedMessage id="compare.form.running" defaultMessage="Comparing…" />}
                disabled={form.targets.some((t) => !t.template)}
              >
                <FormattedMessage id="compare.form.start" defaultMessage="Compare" />
              </SaveButton>
            </Box>
          </Stack>
        </CardContent>
      </Card>
      {stream.targets.length ? (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: `repeat(${Math.min(stream.targets.length, 2)}, minmax(0, 1fr))`, xl: `repeat(${stream.targets.length}, minmax(0, 1fr))` } }}>
          {stream.targets.map((target) => (
            <ComparisonColumn key={target.index} target={target} templateName={form.templateNames.get(target.template) ?? String(target.template)} />
          ))}
        </Box>
      ) : null}
    </Stack>
  );
}

/** `/compare`: one input run on 2 to 4 targets (template, label or version, provider, model), side by side. */
export function ComparePage() {
  const intl = useIntl();
  const { workspaceId, can } = useCurrentWorkspace();
  return (
    <Box>
      <PageHeader
        title={intl.formatMessage({ id: 'compare.page.title', defaultMessage: 'Compare' })}
        subtitle={intl.formatMessage({ id: 'compare.page.subtitle', defaultMessage: 'Run the same variables on up to four templates, versions or models and read the answers side by side.' })}
        notice={can('editor') ? null : <FormattedMessage id="compare.page.viewer" defaultMessage="Viewers cannot run comparisons." />}
      />
      {can('editor') && workspaceId ? <CompareForm workspace={workspaceId} /> : null}
    </Box>
  );
}
