import { MenuItem, TextField, type TextFieldProps } from '@mui/material';
import type { ReactNode } from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';

export interface SelectOption<T extends string = string> {
  value: T;
  label: ReactNode;
  /** The option's language, where it names itself in it ("Português (Brasil)"). */
  lang?: string;
}

type SelectFieldProps<T extends string> = Omit<TextFieldProps, 'select' | 'children' | 'value' | 'onChange'> & {
  value: T;
  onChange: (value: T) => void;
  /** The options; or `labels`, a message map keyed by the values (`defineMessages`), in its order. */
  options?: readonly SelectOption<T>[];
  labels?: Record<T, MessageDescriptor>;
  /** A first option with the value '' ("Any", "Follow the browser"). */
  emptyLabel?: ReactNode;
};

/** A select field (MUI's `TextField select`) over a list of options, each value named once. */
export function SelectField<T extends string>({ value, onChange, options, labels, emptyLabel, ...props }: SelectFieldProps<T>) {
  const intl = useIntl();
  const items: readonly SelectOption<T>[] = options ?? Object.entries<MessageDescriptor>(labels ?? {}).map(([key, label]) => ({ value: key as T, label: intl.formatMessage(label) }));
  return (
    <TextField select value={value} onChange={(e) => onChange(e.target.value as T)} {...props}>
      {emptyLabel === undefined ? null : <MenuItem value="">{emptyLabel}</MenuItem>}
      {items.map((option) => (
        <MenuItem key={option.value} value={option.value} lang={option.lang}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
