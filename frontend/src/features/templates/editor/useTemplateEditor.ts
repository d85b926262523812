import { useCallback, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import type { SavedNavigation } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useCreateTemplateMutation, useLazyGetTemplateQuery, useRestoreVersionMutation, useUpdateTemplateMutation } from '../api';
import type { Template, TemplateWritten } from '../types';
import { comparable, draftFrom, PARAMS_HINT, parseParams, toWrite, type Draft } from './draft';

export interface Conflict {
  newer: Template;
  message: string;
}

function savedNotice(saved: Template | TemplateWritten, verb: string): string {
  const warnings = 'warnings' in saved && saved.warnings.length ? ` Note: ${saved.warnings.join(' ')}` : '';
  const unchanged = 'version_created' in saved && !saved.version_created;
  return `${unchanged ? 'No content change: still version' : `${verb} as version`} ${saved.current_version.number}.${warnings}`;
}

/**
 * The editor's state and writes: the draft, the version it started from (`baseVersion`, sent with
 * every edit and restore), and the one 409 flow both share: fetch the newer version, keep the
 * draft, let the user compare, load it, or rebase on it.
 */
export function useTemplateEditor(template: Template | undefined, workspaceId: number | null) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(template));
  const [baseVersion, setBaseVersion] = useState(template?.current_version.number ?? 0);
  const [savedDraft, setSavedDraft] = useState(() => comparable(draftFrom(template)));
  const [error, setError] = useState<ApiError | null>(null);
  const [paramsError, setParamsError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [create, { isLoading: creating }] = useCreateTemplateMutation();
  const [update, { isLoading: updating }] = useUpdateTemplateMutation();
  const [restore, { isLoading: restoring }] = useRestoreVersionMutation();
  const [fetchTemplate] = useLazyGetTemplateQuery();
  const dirty = comparable(draft) !== savedDraft;

  const load = (loaded: Template) => {
    const next = draftFrom(loaded);
    setDraft(next);
    setSavedDraft(comparable(next));
    setBaseVersion(loaded.current_version.number);
    setConflict(null);
  };

  const failed = async (err: unknown) => {
    const parsed = toApiError(err);
    if (parsed?.status !== 409 || !template) return setError(parsed);
    try {
      setConflict({ newer: await fetchTemplate(template.id, false).unwrap(), message: parsed.message });
    } catch (fetchError) {
      setError(toApiError(fetchError));
    }
  };

  const begin = () => {
    setError(null);
    setNotice(null);
  };

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
      load(saved);
      setNotice(savedNotice(saved, 'Saved'));
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
        load(restored);
        setNotice(savedNotice(restored, `Version ${version} restored`));
      } catch (err) {
        await failed(err);
      }
    },
    // `begin`, `load` and `failed` only use state setters, `template` and `fetchTemplate`.
    [template, baseVersion, restore, fetchTemplate],
  );

  const conflictActions = {
    loadNewer: (newer: Template) => {
      load(newer);
      setNotice(`Loaded version ${newer.current_version.number}.`);
    },
    keepMine: (newer: Template) => {
      setBaseVersion(newer.current_version.number);
      setConflict(null);
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
