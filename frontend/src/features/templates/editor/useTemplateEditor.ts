import { useCallback, useState, type FormEvent } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { useNavigate } from 'react-router';

import type { SavedNavigation } from '../../../components';
import type { ApiError } from '../../../lib/errors';
import { useCreateTemplateMutation, useRestoreVersionMutation, useUpdateTemplateMutation } from '../api';
import type { Template, TemplateWritten } from '../types';
import { PARAMS_EXAMPLE, PARAMS_HINT, parseParams, toWrite } from './draft';
import { useSaveConflict } from './useSaveConflict';
import { useTemplateDraft } from './useTemplateDraft';

/** What a save, or the restore of version `restored`, wrote (or that nothing changed), with the API's warnings. */
function savedNotice(intl: IntlShape, saved: Template | TemplateWritten, restored?: number): string {
  const version = saved.current_version.number;
  const unchanged = 'version_created' in saved && !saved.version_created;
  const notice = unchanged
    ? intl.formatMessage({ id: 'templates.editor.unchanged', defaultMessage: 'No content change: still version {version}.' }, { version })
    : restored === undefined
      ? intl.formatMessage({ id: 'templates.editor.saved', defaultMessage: 'Saved as version {version}.' }, { version })
      : intl.formatMessage({ id: 'templates.editor.restored', defaultMessage: 'Version {restored} restored as version {version}.' }, { restored, version });
  const warnings = 'warnings' in saved ? saved.warnings : [];
  if (!warnings.length) return notice;
  return intl.formatMessage({ id: 'templates.editor.savedWithWarnings', defaultMessage: '{notice} Note: {warnings}' }, { notice, warnings: warnings.join(' ') });
}

/**
 * The editor's writes over its draft (`useTemplateDraft`): create, save and restore, each sending
 * the version the draft is based on, and the 409 flow they share (`useSaveConflict`).
 */
export function useTemplateEditor(template: Template | undefined, workspaceId: number | null) {
  const intl = useIntl();
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
    setParamsError(params ? null : intl.formatMessage(PARAMS_HINT, { example: PARAMS_EXAMPLE }));
    if (!params) return;
    begin();
    try {
      if (!template) {
        const created = await create({ ...toWrite(draft, params), workspace: workspaceId! }).unwrap();
        navigate(`/templates/${created.id}`, { replace: true, state: { saved: true } satisfies SavedNavigation });
        return;
      }
      const saved = await update({ id: template.id, base_version: baseVersion, ...toWrite(draft, params) }).unwrap();
      loadAnswer(saved, savedNotice(intl, saved));
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
        loadAnswer(restored, savedNotice(intl, restored, version));
      } catch (err) {
        await failed(err);
      }
    },
    [template, baseVersion, restore, begin, loadAnswer, failed, intl],
  );

  const conflictActions = {
    loadNewer: (newer: Template) =>
      loadAnswer(newer, intl.formatMessage({ id: 'templates.editor.loadedNewer', defaultMessage: 'Loaded version {version}.' }, { version: newer.current_version.number })),
    keepMine: (newer: Template) => {
      rebase(newer.current_version.number);
      clearConflict();
      setNotice(
        intl.formatMessage(
          { id: 'templates.editor.keptMine', defaultMessage: 'Your edits are now based on version {version}: save again to write them.' },
          { version: newer.current_version.number },
        ),
      );
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
