import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { memo, useEffect, useMemo, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { CodeBlock, ErrorState, SectionCard } from '../../../components';
import { toApiError } from '../../../lib/errors';
import { formatCost, tokenEstimate } from '../../../lib/format';
import { usePreviewTemplateMutation } from '../api';
import { FIELD_LABELS } from '../messages';
import type { Template } from '../types';
import { usePreviewSamples } from '../usePreviewSamples';
import { toPayload, tooLong, variableErrorsFromApi } from '../variables';
import { VariableInputs } from './VariableInputs';

/**
 * Renders the saved version with sample values on the server (the sandboxed Jinja renderer is the
 * only source of truth), re-rendering shortly after each change, with token and cost estimates.
 * Errors show once the user has edited a sample; a value over its limit is not sent at all.
 */
/** Memoised: the editor re-renders on every keystroke, this panel only when its props change. */
export const PreviewPanel = memo(function PreviewPanel({ template, dirty }: { template: Template; dirty: boolean }) {
  const intl = useIntl();
  const schema = template.current_version.variables;
  const { values, change, edited } = usePreviewSamples(template.id, schema);
  const [preview, { data, error, isLoading }] = usePreviewTemplateMutation();
  const overLimit = schema.some((v) => typeof values[v.name] === 'string' && tooLong(v, values[v.name] as string));
  const payload = useMemo(() => toPayload(schema, values), [schema, values]);
  const key = overLimit ? null : JSON.stringify(payload);
  const parsed = edited ? toApiError(error) : null;
  const fieldErrors = variableErrorsFromApi(parsed, schema);
  const previewed = useRef(false);

  useEffect(() => {
    if (key === null) return undefined;
    // The first preview goes at once (the page has just opened); the next ones wait for a pause in typing.
    const delay = previewed.current ? 400 : 0;
    previewed.current = true;
    const timer = setTimeout(() => {
      // The answer and its error are read from the mutation's state above, not from this promise.
      void preview({ id: template.id, variables: JSON.parse(key) as Record<string, unknown> });
    }, delay);
    return () => clearTimeout(timer);
  }, [key, template.id, template.current_version.number, preview]);

  return (
    <SectionCard title={<FormattedMessage id="templates.preview.title" defaultMessage="Live preview" />} spacing={2}>
      <Typography variant="body2" color="text.secondary">
        {dirty ? (
          <FormattedMessage
            id="templates.preview.rendersDirty"
            defaultMessage="Renders version {version} — save to preview your unsaved edits."
            values={{ version: template.current_version.number }}
          />
        ) : (
          <FormattedMessage id="templates.preview.renders" defaultMessage="Renders version {version}." values={{ version: template.current_version.number }} />
        )}
      </Typography>
      <VariableInputs schema={schema} values={values} onChange={change} errors={fieldErrors} idPrefix="preview" />
      {parsed && !Object.keys(fieldErrors).length ? <ErrorState error={error} title={intl.formatMessage({ id: 'templates.preview.failed', defaultMessage: 'Preview failed' })} /> : null}
      {data ? (
        <Stack spacing={1} aria-live="polite" sx={{ opacity: isLoading ? 0.6 : 1 }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Chip
              size="small"
              label={intl.formatMessage(
                { id: 'templates.preview.inputTokens', defaultMessage: '{count, plural, one {# input token} other {# input tokens}}' },
                { count: data.input_tokens },
              )}
            />
            {data.output_tokens ? (
              <Chip
                size="small"
                label={intl.formatMessage(
                  { id: 'templates.preview.outputTokens', defaultMessage: '{count, plural, one {# output token (max)} other {# output tokens (max)}}' },
                  { count: data.output_tokens },
                )}
              />
            ) : null}
            <Chip
              size="small"
              color="primary"
              variant="outlined"
              label={data.cost_line || intl.formatMessage({ id: 'templates.preview.cost', defaultMessage: '≈ {cost}' }, { cost: formatCost(data.cost) })}
            />
            {data.provider ? <Chip size="small" variant="outlined" label={[data.provider, data.model].filter(Boolean).join(' / ')} /> : null}
          </Stack>
          <TokenEstimateNote method={data.token_method} />
          {data.cost === null ? (
            <Alert severity="info">
              <FormattedMessage id="templates.preview.noPrice" defaultMessage="No price known for this model: cost not estimated." />
            </Alert>
          ) : null}
          {data.system_prompt ? (
            <Box>
              <Typography variant="subtitle2">{intl.formatMessage(FIELD_LABELS.systemPrompt)}</Typography>
              <CodeBlock maxHeight={320}>{data.system_prompt}</CodeBlock>
            </Box>
          ) : null}
          <Box>
            <Typography variant="subtitle2">
              <FormattedMessage id="templates.preview.prompt" defaultMessage="Prompt" />
            </Typography>
            <CodeBlock maxHeight={320} testId="preview-prompt">
              {data.prompt}
            </CodeBlock>
          </Box>
        </Stack>
      ) : null}
    </SectionCard>
  );
});

/** Says when token counts are an estimate, and at how many characters per token. */
function TokenEstimateNote({ method }: { method: string | null | undefined }) {
  const { estimated, charsPerToken } = tokenEstimate(method);
  if (!estimated) return null;
  return (
    <Typography variant="caption" color="text.secondary">
      {charsPerToken ? (
        <FormattedMessage
          id="templates.preview.tokensEstimatedAt"
          defaultMessage="Token counts are estimated at about {charsPerToken} characters per token; the provider's own count may differ a little."
          values={{ charsPerToken }}
        />
      ) : (
        <FormattedMessage
          id="templates.preview.tokensEstimated"
          defaultMessage="Token counts are estimated; the provider's own count may differ a little."
        />
      )}
    </Typography>
  );
}
