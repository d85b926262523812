import { useCallback, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import type { SavedNavigation } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { useCreateTemplateMutation, useRestoreVersionMutation, useUpdateTemplateMutation } from '../api';
import type { Template, TemplateWritten } from '../types';
import { PARAMS_HINT, parseParams, toWrite } from './draft';
import { useSaveConflict } from './useSaveConflict';
import { useTemplateDraft } from './useTemplateDraft';

function savedNotice(saved: Template | TemplateWritten, verb: string): string {
  const warnings = 'warnings' in saved && saved.warnings.length ? ` Note: ${saved.warnings.join(' ')}` : '';
  const unchanged = 'version_created' in saved && !saved.version_created;
  return `${unchanged ? 'No content change: still version' : `${verb} as version`} ${saved.current_version.number}.${warnings}`;
}

/**
 * The editor's writes over its draft (`useTemplateDraft`): create, save and restore, each sending
 * the version the draft is based on, and the 409 flow they share (`useSaveConflict`).
 */
export function useTemplateEditor(template: Template | undefined, workspaceId: number | null) {
  const navigate = useNavigate();
  const { draft, setDraft, dirty, baseVersion, rebase, load } = useTemplateDraft(template);
  const [error, setError] = useState<ApiError | null>(null);
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { conflict, failed, clear: clearConflict } = useSaveConflict(template, setError);
  const [create, { isLoading: creating }] = useCreateTemplateMutation();
  const [update, { isLoading: updating }] = useUpdateTemplateMutation();
  const [restore, { isLoading: restoring }] = useRestoreVersionMutation();

  const loadAnswer = useCallback(
    (answer: Template, message: string) => {
      load(answer);
      clearConflict();
      setNotice(message);
    },
    [load, clearConflict],
  );

  const begin = useCallback(() => {
    setError(null);
    setNotice(null);
  }, []);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (creating || updating) return;
    const params = parseParams(draft.params);
    setParamsError(params ? null : PARAMS_HINT);
    if (!params) return;
    begin();
    try {
      if (!template) {
        const created = await create({ ...toWrite(draft, params), workspace: workspaceId! }).unwrap();
        navigate(`/templates/${created.id}`, { replace: true, state: { saved: true } satisfies SavedNavigation });
        return;
      }
      const saved = await update({ id: template.id, base_version: baseVersion, ...toWrite(draft, params) }).unwrap();
      loadAnswer(saved, savedNotice(saved, 'Saved'));
    } catch (err) {
      await failed(err);
    }
  };

  // Stable between keystrokes, so that the version list does not re-render with every one.
  const restoreVersion = useCallback(
    async (version: number) => {
      if (!template) return;
      begin();
      try {
        const restored = await restore({ id: template.id, version, base_version: baseVersion }).unwrap();
        loadAnswer(restored, savedNotice(restored, `Version ${version} restored`));
      } catch (err) {
        await failed(err);
      }
    },
    [template, baseVersion, restore, begin, loadAnswer, failed],
  );

  const conflictActions = {
    loadNewer: (newer: Template) => loadAnswer(newer, `Loaded version ${newer.current_version.number}.`),
    keepMine: (newer: Template) => {
      rebase(newer.current_version.number);
      clearConflict();
      setNotice(`Your edits are now based on version ${newer.current_version.number}: save again to write them.`);
    },
  };

  return {
    draft,
    setDraft,
    dirty,
    baseVersion,
    error,
    setError,
    paramsError,
    conflict,
    conflictActions,
    notice,
    setNotice,
    saving: creating || updating,
    restoring,
    save,
    restoreVersion,
  };
}

export type TemplateEditorState = ReturnType<typeof useTemplateEditor>;
