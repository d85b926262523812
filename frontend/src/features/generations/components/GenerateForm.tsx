import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import StopIcon from '@mui/icons-material/Stop';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';

import { FormError } from '../../../components';
import { fieldMessage } from '../../../lib/errors';
import { ProviderModelPicker } from '../../providers';
import { VariableInputs, variableFieldNames, type Template } from '../../templates';
import { RunOptions } from './generate/RunOptions';
import { useGenerateForm } from './generate/useGenerateForm';
import { OutputCard } from './OutputCard';
import { ProviderSetupAlert } from './ProviderSetupAlert';

function defaultLabel(intl: IntlShape, template: Template): string {
  const { provider, model } = template.current_version.defaults ?? {};
  if (!provider) return intl.formatMessage({ id: 'generations.form.templateDefault', defaultMessage: 'Template default' });
  return model
    ? intl.formatMessage({ id: 'generations.form.templateDefaultModel', defaultMessage: 'Template default ({provider} / {model})' }, { provider, model })
    : intl.formatMessage({ id: 'generations.form.templateDefaultProvider', defaultMessage: 'Template default ({provider})' }, { provider });
}

/** The variables of one template, provider and run options; the output beside it. */
export function GenerateForm({ template, workspace, canRun }: { template: Template; workspace: number; canRun: boolean }) {
  const intl = useIntl();
  const form = useGenerateForm(template, canRun);
  const { run, schema } = form;
  const apiError = run.error;

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(0, 3fr)' } }}>
      <Card sx={{ minWidth: 0 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={form.submit} noValidate aria-label={intl.formatMessage({ id: 'generations.form.label', defaultMessage: 'Generation form' })}>
            <Typography variant="h2">
              <FormattedMessage id="generations.form.variables" defaultMessage="Variables" />
            </Typography>
            {template.description ? <Typography color="text.secondary">{template.description}</Typography> : null}
            <VariableInputs schema={schema} values={form.values} onChange={form.change} errors={form.errors} disabled={run.busy} />
            <Typography variant="h2">
              <FormattedMessage id="generations.form.provider" defaultMessage="Provider" />
            </Typography>
            <ProviderModelPicker workspace={workspace} value={form.choice} onChange={form.setChoice} errors={{ provider: fieldMessage(apiError, 'provider'), model: fieldMessage(apiError, 'model') }} defaultLabel={defaultLabel(intl, template)} />
            <RunOptions options={form.options} apiError={apiError} />
            <ProviderSetupAlert error={apiError} />
            {apiError?.code !== 'provider_not_configured' ? (
              <FormError error={apiError && (run.requestError || Object.keys(apiError.fields).length) ? apiError : null} shownFields={[...variableFieldNames(schema), 'provider', 'model', 'params']} />
            ) : null}
            <Stack direction="row" spacing={1}>
              <Button type="submit" variant="contained" startIcon={<PlayArrowIcon />} disabled={!canRun || run.busy}>
                {run.busy ? (
                  <FormattedMessage id="generations.form.generating" defaultMessage="Generating…" />
                ) : (
                  <FormattedMessage id="generations.form.generate" defaultMessage="Generate" />
                )}
              </Button>
              {run.stream.active ? (
                <Button startIcon={<StopIcon />} onClick={run.stream.stop}>
                  <FormattedMessage id="generations.form.stop" defaultMessage="Stop" />
                </Button>
              ) : null}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      <OutputCard run={run} />
    </Box>
  );
}
