import { Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { CodeBlock, SectionCard } from '../../../../components';
import { NO_VALUE } from '../../../../lib/format';
import type { Generation } from '../../types';

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Typography variant="subtitle2">{title}</Typography>
      <CodeBlock maxHeight={400}>{children}</CodeBlock>
    </>
  );
}

/** What was sent: system prompt, rendered prompt, variables, parameters. */
export function PromptSection({ generation: g }: { generation: Generation }) {
  const intl = useIntl();
  return (
    <SectionCard title={<FormattedMessage id="generations.prompt.title" defaultMessage="Prompt" />} spacing={1.5}>
      {g.system_prompt ? <Block title={intl.formatMessage({ id: 'generations.prompt.system', defaultMessage: 'System prompt' })}>{g.system_prompt}</Block> : null}
      <Block title={intl.formatMessage({ id: 'generations.prompt.rendered', defaultMessage: 'Rendered prompt' })}>{g.rendered_prompt || NO_VALUE}</Block>
      <Block title={intl.formatMessage({ id: 'generations.prompt.variables', defaultMessage: 'Variables' })}>{JSON.stringify(g.variables ?? {}, null, 2)}</Block>
      {g.params && Object.keys(g.params).length ? (
        <Block title={intl.formatMessage({ id: 'generations.prompt.parameters', defaultMessage: 'Parameters' })}>{JSON.stringify(g.params, null, 2)}</Block>
      ) : null}
    </SectionCard>
  );
}
