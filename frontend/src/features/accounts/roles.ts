import { useCallback } from 'react';
import { defineMessages, useIntl } from 'react-intl';

import type { Role } from '../../config/constants';

/** The roles as people read them; the API's value (`admin`...) stays what the code compares. */
const ROLE_LABELS = defineMessages<Role>({
  owner: { id: 'accounts.role.owner', defaultMessage: 'owner' },
  admin: { id: 'accounts.role.admin', defaultMessage: 'admin' },
  reviewer: { id: 'accounts.role.reviewer', defaultMessage: 'reviewer' },
  editor: { id: 'accounts.role.editor', defaultMessage: 'editor' },
  viewer: { id: 'accounts.role.viewer', defaultMessage: 'viewer' },
});

/** `roleLabel('admin')` is "admin" in English, "administrador" in Portuguese. */
export function useRoleLabel(): (role: Role) => string {
  const intl = useIntl();
  return useCallback((role: Role) => intl.formatMessage(ROLE_LABELS[role]), [intl]);
}
