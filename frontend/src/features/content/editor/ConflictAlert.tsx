import { FormattedMessage } from 'react-intl';

import { SaveConflictAlert } from '../../../components';
import type { ContentEditorState } from './useContentEditor';

/** Someone saved a newer revision while this one was being edited: load it, or keep the draft. */
export function ConflictAlert({ editor }: { editor: ContentEditorState }) {
  const { conflict, conflictActions, baseRevision } = editor;
  if (!conflict) return null;
  return (
    <SaveConflictAlert
      title={
        <FormattedMessage
          id="content.conflict.title"
          defaultMessage="Revision {newer} was saved while you were editing revision {base}"
          values={{ newer: conflict.newer.revision, base: baseRevision }}
        />
      }
      message={conflict.message}
      actions={[
        { label: <FormattedMessage id="content.conflict.loadNewer" defaultMessage="Load newer revision" />, onClick: () => conflictActions.loadNewer(conflict.newer) },
        { label: <FormattedMessage id="content.conflict.keepMine" defaultMessage="Keep my changes" />, onClick: () => conflictActions.keepMine(conflict.newer) },
      ]}
    />
  );
}
