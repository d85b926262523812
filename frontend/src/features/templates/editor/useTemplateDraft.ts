import { useCallback, useState } from 'react';

import type { Template } from '../types';
import { comparable, draftFrom, type Draft } from './draft';

/**
 * The editor's form state: the draft, whether it differs from what was last loaded or saved
 * (`dirty`), and the version it is based on (`baseVersion`, sent with every edit and restore).
 */
export function useTemplateDraft(template: Template | undefined) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(template));
  const [savedDraft, setSavedDraft] = useState(() => comparable(draftFrom(template)));
  const [baseVersion, setBaseVersion] = useState(template?.current_version.number ?? 0);

  /** Replace the draft with a version the server answered (saved, restored or newer). */
  const load = useCallback((loaded: Template) => {
    const next = draftFrom(loaded);
    setDraft(next);
    setSavedDraft(comparable(next));
    setBaseVersion(loaded.current_version.number);
  }, []);

  return { draft, setDraft, dirty: comparable(draft) !== savedDraft, baseVersion, rebase: setBaseVersion, load };
}
