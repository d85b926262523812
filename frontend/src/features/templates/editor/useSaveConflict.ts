import { useCallback, useState } from 'react';

import { toApiError, type ApiError } from '../../../lib/errors';
import { useLazyGetTemplateQuery } from '../api';
import type { Template } from '../types';

export interface Conflict {
  newer: Template;
  message: string;
}

/**
 * The one failure path of an edit and a restore: a 409 (someone saved a newer version) fetches
 * that version into `conflict` so the user can compare, load it or rebase on it; any other error,
 * or a failed fetch, goes to `onError`.
 */
export function useSaveConflict(template: Template | undefined, onError: (error: ApiError | null) => void) {
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [fetchTemplate] = useLazyGetTemplateQuery();

  const failed = useCallback(
    async (err: unknown) => {
      const parsed = toApiError(err);
      if (parsed?.status !== 409 || !template) return onError(parsed);
      try {
        setConflict({ newer: await fetchTemplate(template.id, false).unwrap(), message: parsed.message });
      } catch (fetchError) {
        onError(toApiError(fetchError));
      }
    },
    [template, fetchTemplate, onError],
  );

  return { conflict, failed, clear: useCallback(() => setConflict(null), []) };
}
