import { Alert, Autocomplete, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import type { KeyboardEvent, ReactNode } from 'react';

import { FormError } from '../../../components';
import { fieldMessage } from '../../../lib/errors';
import { ProviderModelPicker } from '../../providers';
import { VariablesSchemaEditor } from '../components/VariablesSchemaEditor';
import type { Draft } from './draft';
import type { TemplateEditorState } from './useTemplateEditor';

const SHOWN_FIELDS = ['name', 'slug', 'description', 'category', 'tags', 'body', 'system_prompt', 'changelog', 'defaults', 'defaults.provider', 'defaults.model', 'defaults.params', 'base_version'];
const monospace = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h2">{title}</Typography>
          {children}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The editor's form: details, prompt, variables, defaults, and the save bar for editors. */
export function EditorForm({ editor, isNew, canEdit, workspaceId }: { editor: TemplateEditorState; isNew: boolean; canEdit: boolean; workspaceId: number | null }) {
  const { draft, setDraft, error } = editor;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const msg = (name: string) => fieldMessage(error, name);
  const field = (key: 'name' | 'slug' | 'category' | 'description' | 'changelog' | 'system_prompt' | 'body') => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    error: Boolean(msg(key)),
    helperText: msg(key),
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
    <Stack component="form" spacing={2} onSubmit={editor.save} onKeyDown={onKeyDown} noValidate aria-label="Template editor" sx={{ minWidth: 0 }}>
      <FormError error={error} shownFields={[...SHOWN_FIELDS, ...Object.keys(error?.fields ?? {}).filter((k) => k.startsWith('variables'))]} />
      <Section title="Details">
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label="Name" required {...field('name')} />
          <TextField label="Slug" {...field('slug')} helperText={msg('slug') ?? (isNew ? 'Left empty, made from the name.' : undefined)} />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <TextField label="Category" {...field('category')} />
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
            renderInput={(params) => <TextField {...params} label="Tags" helperText={msg('tags') ?? 'Press Enter after each tag.'} error={Boolean(msg('tags'))} />}
          />
        </Stack>
        <TextField label="Description" multiline minRows={2} {...field('description')} />
      </Section>
      <Section title="Prompt">
        <TextField label="System prompt" minRows={3} {...code('system_prompt')} />
        <TextField label="Body" required minRows={8} {...code('body')} helperText={msg('body') ?? 'Jinja syntax: {{ variable }}, {% if %}, filters.'} />
      </Section>
      <Section title="Variables">
        <VariablesSchemaEditor value={draft.variables} onChange={(v) => set('variables', v)} errors={error?.fields ?? {}} disabled={!canEdit} />
      </Section>
      <Section title="Defaults">
        {workspaceId ? (
          <ProviderModelPicker
            workspace={workspaceId}
            value={{ provider: draft.provider, model: draft.model }}
            onChange={(v) => setDraft((d) => ({ ...d, ...v }))}
            errors={{ provider: msg('defaults.provider'), model: msg('defaults.model') }}
            defaultLabel="Workspace default"
          />
        ) : null}
        <TextField
          label="Parameters (JSON)"
          multiline
          minRows={2}
          value={draft.params}
          placeholder='{"temperature": 0.7, "max_tokens": 512}'
          onChange={(e) => set('params', e.target.value)}
          error={Boolean(editor.paramsError || msg('defaults.params') || msg('defaults'))}
          helperText={editor.paramsError ?? msg('defaults.params') ?? msg('defaults')}
          disabled={!canEdit}
          slotProps={{ htmlInput: { style: monospace } }}
        />
      </Section>
      {canEdit ? (
        <Card>
          <CardContent>
            <Stack spacing={2}>
              <TextField label="Changelog" {...field('changelog')} helperText={msg('changelog') ?? 'What changed in this version (optional).'} />
              {msg('base_version') && !editor.conflict ? <Alert severity="warning">{msg('base_version')}</Alert> : null}
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
                <Button type="submit" variant="contained" disabled={editor.saving || (!editor.dirty && !isNew)}>
                  {editor.saving ? 'Saving…' : isNew ? 'Create template' : 'Save new version'}
                </Button>
                <Typography variant="caption" color="text.secondary">
                  {editor.dirty ? 'Unsaved changes · Ctrl+S saves' : 'No unsaved changes'}
                </Typography>
              </Stack>
            </Stack>
          </CardContent>
        </Card>
      ) : null}
    </Stack>
  );
}
