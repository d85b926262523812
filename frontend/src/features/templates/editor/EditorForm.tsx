import { Alert, Autocomplete, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import type { KeyboardEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError, SaveButton, SectionCard } from '../../../components';
import { fieldProps, fieldMessage } from '../../../lib/errors';
import { ProviderModelPicker } from '../../providers';
import { VariablesSchemaEditor } from '../components/VariablesSchemaEditor';
import { FIELD_LABELS } from '../messages';
import { PARAMS_EXAMPLE, type Draft } from './draft';
import type { TemplateEditorState } from './useTemplateEditor';

const SHOWN_FIELDS = ['name', 'slug', 'description', 'category', 'tags', 'body', 'system_prompt', 'changelog', 'defaults', 'defaults.provider', 'defaults.model', 'defaults.params', 'base_version'];
const monospace = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };

/** The editor's form: details, prompt, variables, defaults, and the save bar for editors. */
export function EditorForm({ editor, isNew, canEdit, workspaceId }: { editor: TemplateEditorState; isNew: boolean; canEdit: boolean; workspaceId: number | null }) {
  const intl = useIntl();
  const { draft, setDraft, error } = editor;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const msg = (name: string) => fieldMessage(error, name);
  const field = (key: 'name' | 'slug' | 'category' | 'description' | 'changelog' | 'system_prompt' | 'body') => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    ...fieldProps(error, key),
    disabled: !canEdit,
  });
  const code = (key: 'system_prompt' | 'body') => ({ ...field(key), multiline: true, slotProps: { htmlInput: { style: monospace } } });
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      if (canEdit) void editor.save();
    }
  };

  return (
    <Stack component="form" spacing={2} onSubmit={editor.save} onKeyDown={onKeyDown} noValidate aria-label={intl.formatMessage({ id: 'templates.editor.form', defaultMessage: 'Template editor' })} sx={{ minWidth: 0 }}>
      <FormError error={error} shownFields={[...SHOWN_FIELDS, ...Object.keys(error?.fields ?? {}).filter((k) => k.startsWith('variables'))]} />
      <SectionCard spacing={2} title={intl.formatMessage({ id: 'templates.editor.details', defaultMessage: 'Details' })}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label={intl.formatMessage(FIELD_LABELS.name)} required {...field('name')} />
          <TextField
            label={intl.formatMessage(FIELD_LABELS.slug)}
            {...field('slug')}
            helperText={msg('slug') ?? (isNew ? intl.formatMessage({ id: 'templates.editor.slugHelp', defaultMessage: 'Left empty, made from the name.' }) : undefined)}
          />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label={intl.formatMessage(FIELD_LABELS.category)} {...field('category')} />
          <Autocomplete
            multiple
            freeSolo
            fullWidth
            options={[] as string[]}
            value={draft.tags}
            onChange={(_e, value) => set('tags', value)}
            disabled={!canEdit}
            renderValue={(value, getItemProps) =>
              value.map((option, index) => {
                const { key, ...itemProps } = getItemProps({ index });
                return <Chip key={key} size="small" label={option} {...itemProps} />;
              })
            }
            renderInput={(params) => (
              <TextField
                {...params}
                label={intl.formatMessage(FIELD_LABELS.tags)}
                helperText={msg('tags') ?? intl.formatMessage({ id: 'templates.editor.tagsHelp', defaultMessage: 'Press Enter after each tag.' })}
                error={Boolean(msg('tags'))}
              />
            )}
          />
        </Stack>
        <TextField label={intl.formatMessage(FIELD_LABELS.description)} multiline minRows={2} {...field('description')} />
      </SectionCard>
      <SectionCard spacing={2} title={intl.formatMessage({ id: 'templates.editor.prompt', defaultMessage: 'Prompt' })}>
        <TextField label={intl.formatMessage(FIELD_LABELS.systemPrompt)} minRows={3} {...code('system_prompt')} />
        <TextField
          label={intl.formatMessage(FIELD_LABELS.body)}
          required
          minRows={8}
          {...code('body')}
          helperText={
            msg('body') ??
            intl.formatMessage(
              { id: 'templates.editor.bodyHelp', defaultMessage: 'Jinja syntax: {variable}, {condition}, filters.' },
              { variable: '{{ variable }}', condition: '{% if %}' },
            )
          }
        />
      </SectionCard>
      <SectionCard spacing={2} title={intl.formatMessage(FIELD_LABELS.variables)}>
        <VariablesSchemaEditor value={draft.variables} onChange={(v) => set('variables', v)} errors={error?.fields ?? {}} disabled={!canEdit} />
      </SectionCard>
      <SectionCard spacing={2} title={intl.formatMessage(FIELD_LABELS.defaults)}>
        {workspaceId ? (
          <ProviderModelPicker
            workspace={workspaceId}
            value={{ provider: draft.provider, model: draft.model }}
            onChange={(v) => setDraft((d) => ({ ...d, ...v }))}
            errors={{ provider: msg('defaults.provider'), model: msg('defaults.model') }}
            defaultLabel={intl.formatMessage({ id: 'templates.editor.workspaceDefault', defaultMessage: 'Workspace default' })}
          />
        ) : null}
        <TextField
          label={intl.formatMessage({ id: 'templates.editor.params', defaultMessage: 'Parameters (JSON)' })}
          multiline
          minRows={2}
          value={draft.params}
          placeholder={PARAMS_EXAMPLE}
          onChange={(e) => set('params', e.target.value)}
          error={Boolean(editor.paramsError || msg('defaults.params') || msg('defaults'))}
          helperText={editor.paramsError ?? msg('defaults.params') ?? msg('defaults')}
          disabled={!canEdit}
          slotProps={{ htmlInput: { style: monospace } }}
        />
      </SectionCard>
      {canEdit ? (
        <Card>
          <CardContent>
            <Stack spacing={2}>
              <TextField
                label={intl.formatMessage({ id: 'templates.editor.changelog', defaultMessage: 'Changelog' })}
                {...field('changelog')}
                helperText={msg('changelog') ?? intl.formatMessage({ id: 'templates.editor.changelogHelp', defaultMessage: 'What changed in this version (optional).' })}
              />
              {msg('base_version') && !editor.conflict ? <Alert severity="warning">{msg('base_version')}</Alert> : null}
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
                <SaveButton saving={editor.saving} disabled={!editor.dirty && !isNew}>
                  {isNew ? (
                    <FormattedMessage id="templates.editor.create" defaultMessage="Create template" />
                  ) : (
                    <FormattedMessage id="templates.editor.save" defaultMessage="Save new version" />
                  )}
                </SaveButton>
                <Typography variant="caption" color="text.secondary">
                  {editor.dirty ? (
                    <FormattedMessage id="templates.editor.unsaved" defaultMessage="Unsaved changes · Ctrl+S saves" />
                  ) : (
                    <FormattedMessage id="templates.editor.noUnsaved" defaultMessage="No unsaved changes" />
                  )}
                </Typography>
              </Stack>
            </Stack>
          </CardContent>
        </Card>
      ) : null}
    </Stack>
  );
}
