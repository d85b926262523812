import { Checkbox, FormControlLabel, FormHelperText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ChangeEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import type { TemplateVariable } from '../types';
import type { VariableFormValues } from '../variables';

/** One input per variable, the right kind for its type, with its error (API or client) beneath. */
export function VariableInputs({
  schema,
  values,
  errors = {},
  onChange,
  disabled,
  idPrefix = 'var',
}: {
  schema: TemplateVariable[];
  values: VariableFormValues;
  errors?: Record<string, string | undefined>;
  onChange: (values: VariableFormValues) => void;
  disabled?: boolean;
  idPrefix?: string;
}) {
  if (!schema.length) {
    return (
      <Typography color="text.secondary">
        <FormattedMessage id="templates.variableInputs.none" defaultMessage="This template has no variables." />
      </Typography>
    );
  }
  const set = (name: string, value: string | boolean) => onChange({ ...values, [name]: value });

  return (
    <Stack spacing={2}>
      {schema.map((variable) => {
        const id = `${idPrefix}-${variable.name}`;
        const error = errors[variable.name];
        const help = error ?? variable.description ?? undefined;
        const raw = values[variable.name];
        const text = typeof raw === 'string' ? raw : '';
        const label = variable.name;
        /** What the text fields (choice, number) have in common. */
        const field = {
          id,
          label,
          required: variable.required,
          value: text,
          onChange: (e: ChangeEvent<HTMLInputElement>) => set(variable.name, e.target.value),
          error: Boolean(error),
          helperText: help,
          disabled,
        };
        switch (variable.type) {
          case 'boolean':
            return (
              <div key={variable.name}>
                <FormControlLabel
                  control={<Checkbox id={id} checked={Boolean(raw)} onChange={(e) => set(variable.name, e.target.checked)} disabled={disabled} />}
                  label={label}
                />
                {help ? <FormHelperText error={Boolean(error)}>{help}</FormHelperText> : null}
              </div>
            );
          case 'choice':
            return (
              <TextField key={variable.name} {...field} select>
                {!variable.required ? (
                  <MenuItem value="">
                    <em>
                      <FormattedMessage id="templates.variableInputs.noChoice" defaultMessage="none" />
                    </em>
                  </MenuItem>
                ) : null}
                {(variable.choices ?? []).map((choice) => (
                  <MenuItem key={choice} value={choice}>
                    {choice}
                  </MenuItem>
                ))}
              </TextField>
            );
          case 'integer':
          case 'number':
            return (
              <TextField
                key={variable.name}
                {...field}
                type="number"
                slotProps={{ htmlInput: { step: variable.type === 'integer' ? 1 : 'any', inputMode: variable.type === 'integer' ? 'numeric' : 'decimal' } }}
              />
            );
          default:
            return <TextInput key={variable.name} id={id} variable={variable} text={text} error={error} onChange={(value) => set(variable.name, value)} disabled={disabled} />;
        }
      })}
    </Stack>
  );
}

/**
 * A string or text variable. With a `max_length` the count shows as the user types, and a longer
 * value is refused with an error instead of being cut (the browser's `maxLength` would cut a paste).
 */
function TextInput({ id, variable, text, error, onChange, disabled }: { id: string; variable: TemplateVariable; text: string; error?: string; onChange: (value: string) => void; disabled?: boolean }) {
  const intl = useIntl();
  const limit = variable.max_length ?? null;
  const over = limit !== null && text.length > limit;
  const count =
    limit !== null
      ? intl.formatMessage(
          { id: 'templates.variableInputs.count', defaultMessage: '{length, number}/{limit, plural, one {# character} other {# characters}}' },
          { length: text.length, limit },
        )
      : null;
  const problem =
    error ??
    (over
      ? intl.formatMessage(
          {
            id: 'templates.variableInputs.tooLong',
            defaultMessage: 'Too long: at most {limit, plural, one {# character} other {# characters}}, now {length, number}. Shorten it to use it.',
          },
          { limit, length: text.length },
        )
      : undefined);
  const note = problem ?? (variable.description || null);
  // Separate spans: the message stays findable on its own, the count follows it.
  const help = note || count ? (
    <>
      {note ? <span>{note}</span> : null}
      {note && count ? ' · ' : null}
      {count ? <span>{count}</span> : null}
    </>
  ) : undefined;
  return (
    <TextField
      id={id}
      label={variable.name}
      required={variable.required}
      multiline={variable.type === 'text'}
      minRows={variable.type === 'text' ? 3 : undefined}
      maxRows={variable.type === 'text' ? 12 : undefined}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(problem)}
      helperText={help}
      disabled={disabled}
    />
  );
}
