import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

import { CodeBlock } from '../../../../components';
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
  return (
    <Card>
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h2">Prompt</Typography>
          {g.system_prompt ? <Block title="System prompt">{g.system_prompt}</Block> : null}
          <Block title="Rendered prompt">{g.rendered_prompt || '—'}</Block>
          <Block title="Variables">{JSON.stringify(g.variables ?? {}, null, 2)}</Block>
          {g.params && Object.keys(g.params).length ? <Block title="Parameters">{JSON.stringify(g.params, null, 2)}</Block> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
