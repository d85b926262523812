import { useEffect } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useBlocker } from 'react-router';

import { ConfirmDialog } from './ConfirmDialog';

/**
 * Navigation state of a redirect made right after a save: the guard lets it through (it runs
 * before the page re-renders as clean).
 */
export interface SavedNavigation {
  saved: true;
}

/**
 * While `dirty`, leaving the page asks first: a link or Back through the router's blocker, a
 * reload or closed tab through the browser's own `beforeunload` prompt.
 */
export function UnsavedChangesGuard({ dirty, what }: { dirty: boolean; what?: string }) {
  const intl = useIntl();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname && !(nextLocation.state as SavedNavigation | null)?.saved,
  );

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      title={intl.formatMessage({ id: 'common.unsaved.title', defaultMessage: 'Leave without saving?' })}
      confirmLabel={intl.formatMessage({ id: 'common.unsaved.leave', defaultMessage: 'Leave' })}
      danger
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
    >
      {what ? (
        <FormattedMessage id="common.unsaved.lostTo" defaultMessage="Your unsaved changes to {what} will be lost." values={{ what }} />
      ) : (
        <FormattedMessage id="common.unsaved.lostTemplate" defaultMessage="Your unsaved changes to this template will be lost." />
      )}
    </ConfirmDialog>
  );
}
