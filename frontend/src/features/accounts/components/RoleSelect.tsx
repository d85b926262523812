import type { ComponentProps } from 'react';

import { SelectField } from '../../../components';
import { ROLES, type Role } from '../../../config/constants';
import { useRoleLabel } from '../roles';

/** A choice among roles (`roles`: all of them unless told), named in the reader's language; other props go to the SelectField. */
export function RoleSelect<R extends Role>({ roles = ROLES as readonly R[], ...field }: Omit<ComponentProps<typeof SelectField<R>>, 'options' | 'labels'> & { roles?: readonly R[] }) {
  const roleLabel = useRoleLabel();
  return <SelectField fullWidth={false} {...field} options={roles.map((role) => ({ value: role, label: roleLabel(role) }))} />;
}
