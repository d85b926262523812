import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';

import { toApiError, type ApiError } from '../../../lib/errors';
import { useLazyGetContentQuery, useUpdateContentMutation } from '../api';
import type { ContentItemDetail } from '../types';

export interface Draft {
  title: string;
  body: string;
}

export interface Conflict {
  newer: ContentItemDetail;
  message: string;
}

/** Statuses whose text may still change (the server says so too, with a 409). */
export const EDITABLE: readonly string[] = ['draft', 'in_review', 'changes_requested'];

const draftOf = (item: ContentItemDetail): Draft => ({ title: item.title, body: item.body });
const same = (a: Draft, b: Draft) => a.title === b.title && a.body === b.body;

/**
 * The editor's draft, the revision it started from (sent as `base_revision` with each save) and
 * the template editor's 409 flow: when someone saved meanwhile, fetch their revision, keep the
 * draft, and let the user load theirs or keep the draft on top of it.
 */
export function useContentEditor(item: ContentItemDetail) {
  const intl = useIntl();
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [saved, setSaved] = useState<Draft>(() => draftOf(item));
  const [baseRevision, setBaseRevision] = useState(item.revision);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [update, { isLoading: saving }] = useUpdateContentMutation();
  const [fetchItem] = useLazyGetContentQuery();
  const dirty = !same(draft, saved);

  const load = (loaded: ContentItemDetail) => {
    setDraft(draftOf(loaded));
    setSaved(draftOf(loaded));
    setBaseRevision(loaded.revision);
    setConflict(null);
  };

  const failed = async (err: unknown) => {
    const parsed = toApiError(err);
    if (parsed?.status !== 409 || !parsed.fields.base_revision) return setError(parsed);
    try {
      setConflict({ newer: await fetchItem(item.id, false).unwrap(), message: parsed.message });
    } catch (fetchError) {
      setError(toApiError(fetchError));
    }
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving || !dirty) return;
    setError(null);
    setNotice(null);
    try {
      const next = await update({ id: item.id, base_revision: baseRevision, ...draft }).unwrap();
      load(next);
      setNotice(
        next.revision === baseRevision
          ? intl.formatMessage({ id: 'content.editor.noChange', defaultMessage: 'No change to save.' })
          : intl.formatMessage({ id: 'content.editor.saved', defaultMessage: 'Saved as revision {revision}.' }, { revision: next.revision }),
      );
    } catch (err) {
      await failed(err);
    }
  };

  const conflictActions = {
    loadNewer: (newer: ContentItemDetail) => {
      load(newer);
      setNotice(intl.formatMessage({ id: 'content.conflict.loaded', defaultMessage: 'Loaded revision {revision}.' }, { revision: newer.revision }));
    },
    keepMine: (newer: ContentItemDetail) => {
      setBaseRevision(newer.revision);
      setConflict(null);
      setNotice(
        intl.formatMessage({ id: 'content.conflict.kept', defaultMessage: 'Your edits are now based on revision {revision}: save again to write them.' }, { revision: newer.revision }),
      );
    },
  };

  return { draft, setDraft, dirty, baseRevision, conflict, conflictActions, error, notice, saving, save };
}

export type ContentEditorState = ReturnType<typeof useContentEditor>;
