import { Box, Stack } from '@mui/material';
import { useRef, useState, type ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

import { CopyButton } from './CopyButton';
import { OptionToggle } from './OptionToggle';

const VIEW_LABELS = defineMessages({
  rendered: { id: 'common.markdown.formatted', defaultMessage: 'Formatted' },
  raw: { id: 'common.markdown.raw', defaultMessage: 'Raw' },
});

const frame = { p: 1.5, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', wordBreak: 'break-word' } as const;

/**
 * A model's output, rendered as Markdown (GitHub flavour) through rehype-sanitize, which keeps
 * only safe tags and attributes: the output is untrusted text. "Raw" shows it as it came; the copy
 * buttons take either the Markdown source or the rendered text.
 */
export function MarkdownOutput({ text, label: givenLabel, maxHeight = '60vh', actions, busy }: { text: string; label?: string; maxHeight?: number | string; actions?: ReactNode; busy?: boolean }) {
  const intl = useIntl();
  const label = givenLabel ?? intl.formatMessage({ id: 'common.markdown.output', defaultMessage: 'Output' });
  const [view, setView] = useState<keyof typeof VIEW_LABELS>('rendered');
  const rendered = useRef<HTMLDivElement>(null);
  return (
    <Stack spacing={1} sx={{ minWidth: 0 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <OptionToggle label={intl.formatMessage({ id: 'common.markdown.view', defaultMessage: '{label} view' }, { label })} value={view} onChange={setView} labels={VIEW_LABELS} />
        <CopyButton text={text} label={intl.formatMessage({ id: 'common.markdown.copyMarkdown', defaultMessage: 'Copy Markdown' })} />
        <CopyButton text={() => rendered.current?.innerText ?? text} label={intl.formatMessage({ id: 'common.markdown.copyText', defaultMessage: 'Copy text' })} disabled={view === 'raw' || !text} />
        {actions}
      </Stack>
      {view === 'raw' ? (
        <Box component="pre" aria-label={label} aria-live="polite" aria-busy={busy} sx={{ ...frame, m: 0, maxHeight, whiteSpace: 'pre-wrap', fontSize: 14, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}>
          {text}
        </Box>
      ) : (
        <Box ref={rendered} aria-label={label} aria-live="polite" aria-busy={busy} sx={{ ...frame, maxHeight, '& > :first-of-type': { mt: 0 }, '& > :last-child': { mb: 0 }, '& pre': { overflow: 'auto' }, '& table': { borderCollapse: 'collapse' }, '& td, & th': { border: 1, borderColor: 'divider', px: 1 } }}>
          <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
            {text}
          </Markdown>
        </Box>
      )}
    </Stack>
  );
}
