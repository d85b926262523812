import { TextField, type TextFieldProps } from '@mui/material';

/** A date input (`YYYY-MM-DD`); its label stays above it, where the browser shows its own placeholder. */
export function DateField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField type="date" slotProps={{ inputLabel: { shrink: true } }} {...props} />;
}
