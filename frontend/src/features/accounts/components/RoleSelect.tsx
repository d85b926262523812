import { MenuItem, TextField, type TextFieldProps } from '@mui/material';

import { ROLES, type Role } from '../../../config/constants';
import { useRoleLabel } from '../roles';

/** A choice among roles (`roles`: all of them unless told), named in the reader's language; other props go to the TextField. */
export function RoleSelect<R extends Role>({
  roles = ROLES as readonly R[],
  value,
  onChange,
  ...field
}: Omit<TextFieldProps, 'select' | 'value' | 'onChange' | 'children'> & { roles?: readonly R[]; value: R; onChange: (role: R) => void }) {
  const roleLabel = useRoleLabel();
  return (
    <TextField select fullWidth={false} {...field} value={value} onChange={(e) => onChange(e.target.value as R)}>
      {roles.map((role) => (
        <MenuItem key={role} value={role}>
          {roleLabel(role)}
        </MenuItem>
      ))}
    </TextField>
  );
}
