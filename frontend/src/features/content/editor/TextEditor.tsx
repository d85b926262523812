import { Alert, Card, CardContent, Stack, Tab, Tabs, TextField } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError, MarkdownOutput, SaveButton } from '../../../components';
import { fieldProps } from '../../../lib/errors';
import type { ContentEditorState } from './useContentEditor';

/** Title and Markdown body, written in one tab and previewed (sanitised) in the other. */
export function TextEditor({ editor, editable }: { editor: ContentEditorState; editable: boolean }) {
  const intl = useIntl();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const { draft, setDraft, error } = editor;
  return (
    <Card component="form" onSubmit={editor.save} aria-label={intl.formatMessage({ id: 'content.editor.label', defaultMessage: 'Editor' })}>
      <CardContent>
        <Stack spacing={2}>
          {editor.notice ? <Alert severity="success">{editor.notice}</Alert> : null}
          <FormError error={editor.conflict ? null : error} shownFields={['title', 'body']} />
          <TextField label={intl.formatMessage({ id: 'content.editor.title', defaultMessage: 'Title' })} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} disabled={!editable} required {...fieldProps(error, 'title')} />
          <Tabs value={tab} onChange={(_e, next: 'write' | 'preview') => setTab(next)} aria-label={intl.formatMessage({ id: 'content.editor.bodyView', defaultMessage: 'Body view' })}>
            <Tab value="write" label={intl.formatMessage({ id: 'content.editor.write', defaultMessage: 'Write' })} />
            <Tab value="preview" label={intl.formatMessage({ id: 'content.editor.preview', defaultMessage: 'Preview' })} />
          </Tabs>
          {tab === 'write' ? (
            <TextField
              label={intl.formatMessage({ id: 'content.editor.body', defaultMessage: 'Body' })}
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              disabled={!editable}
              multiline
              minRows={14}
              slotProps={{ htmlInput: { style: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 14 } } }}
              {...fieldProps(error, 'body')}
            />
          ) : (
            <MarkdownOutput text={draft.body} label={intl.formatMessage({ id: 'content.editor.preview', defaultMessage: 'Preview' })} />
          )}
          <SaveButton
            saving={editor.saving}
            disabled={!editor.dirty}
            readOnlyNotice={editable ? null : <FormattedMessage id="content.editor.readOnly" defaultMessage="This item can no longer be edited in its status, or your role cannot edit." />}
          >
            <FormattedMessage id="content.editor.save" defaultMessage="Save revision" />
          </SaveButton>
        </Stack>
      </CardContent>
    </Card>
  );
}
