import AddIcon from '@mui/icons-material/Add';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import { Box, Button, Checkbox, FormControlLabel, IconButton, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { FIELD_LABELS, VARIABLE_TYPE_LABELS } from '../messages';
import { VARIABLE_TYPES, type TemplateVariable, type VariableType } from '../types';

/** Edit the list of `{name, type, required, default, choices, max_length, description}`. */
export function VariablesSchemaEditor({
  value,
  onChange,
  errors = {},
  disabled,
}: {
  value: TemplateVariable[];
  onChange: (value: TemplateVariable[]) => void;
  /** API field errors, keyed like `variables.0.name`. */
  errors?: Record<string, string[]>;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const update = (index: number, patch: Partial<TemplateVariable>) =>
    onChange(value.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const move = (index: number, delta: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item);
    onChange(next);
  };
  const err = (index: number, field: string) => errors[`variables.${index}.${field}`]?.join(' ');
  const rowError = (index: number) => errors[`variables.${index}`]?.join(' ') ?? errors[`variables.${index}.non_field_errors`]?.join(' ');
  const named = (variable: TemplateVariable) => variable.name || intl.formatMessage({ id: 'templates.variables.unnamed', defaultMessage: 'variable' });

  return (
    <Stack spacing={1.5}>
      {errors.variables ? <Typography color="error">{errors.variables.join(' ')}</Typography> : null}
      {value.length === 0 ? (
        <Typography color="text.secondary">
          <FormattedMessage id="templates.variables.empty" defaultMessage="No variables yet. Reference them in the body as {example}." values={{ example: '{{ name }}' }} />
        </Typography>
      ) : null}
      {value.map((variable, index) => (
        <Paper
          key={index}
          variant="outlined"
          sx={{ p: 1.5 }}
          component="fieldset"
          aria-label={intl.formatMessage({ id: 'templates.variables.group', defaultMessage: 'Variable {number}' }, { number: index + 1 })}
        >
          <Stack spacing={1}>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              <TextField
                label={intl.formatMessage(FIELD_LABELS.name)}
                required
                value={variable.name}
                onChange={(e) => update(index, { name: e.target.value })}
                error={Boolean(err(index, 'name'))}
                helperText={err(index, 'name')}
                disabled={disabled}
              />
              <TextField
                select
                label={intl.formatMessage({ id: 'templates.variables.type', defaultMessage: 'Type' })}
                value={variable.type}
                onChange={(e) => {
                  const type = e.target.value as VariableType;
                  update(index, { type, default: type === 'boolean' ? false : null, choices: type === 'choice' ? variable.choices ?? [] : null });
                }}
                sx={{ minWidth: 130 }}
                fullWidth={false}
                error={Boolean(err(index, 'type'))}
                helperText={err(index, 'type')}
                disabled={disabled}
              >
                {VARIABLE_TYPES.map((t) => (
                  <MenuItem key={t} value={t}>
                    {intl.formatMessage(VARIABLE_TYPE_LABELS[t])}
                  </MenuItem>
                ))}
              </TextField>
              <FormControlLabel
                control={<Checkbox checked={variable.required} onChange={(e) => update(index, { required: e.target.checked })} disabled={disabled} />}
                label={intl.formatMessage({ id: 'templates.variables.required', defaultMessage: 'Required' })}
              />
              <Box sx={{ display: 'flex', alignItems: 'center', ml: { sm: 'auto' } }}>
                <IconButton
                  aria-label={intl.formatMessage({ id: 'templates.variables.moveUp', defaultMessage: 'Move {name} up' }, { name: named(variable) })}
                  disabled={disabled || index === 0}
                  onClick={() => move(index, -1)}
                >
                  <ArrowUpwardIcon fontSize="small" />
                </IconButton>
                <IconButton
                  aria-label={intl.formatMessage({ id: 'templates.variables.moveDown', defaultMessage: 'Move {name} down' }, { name: named(variable) })}
                  disabled={disabled || index === value.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <ArrowDownwardIcon fontSize="small" />
                </IconButton>
                <IconButton
                  aria-label={intl.formatMessage({ id: 'templates.variables.remove', defaultMessage: 'Remove {name}' }, { name: named(variable) })}
                  disabled={disabled}
                  onClick={() => onChange(value.filter((_, i) => i !== index))}
                >
                  <DeleteOutlineIcon fontSize="small" />
                </IconButton>
              </Box>
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
              {variable.type === 'boolean' ? (
                <FormControlLabel
                  control={<Checkbox checked={variable.default === true} onChange={(e) => update(index, { default: e.target.checked })} disabled={disabled} />}
                  label={intl.formatMessage({ id: 'templates.variables.defaultTrue', defaultMessage: 'Default: true' })}
                />
              ) : (
                <TextField
                  label={intl.formatMessage({ id: 'templates.variables.default', defaultMessage: 'Default' })}
                  value={variable.default === null || variable.default === undefined ? '' : String(variable.default)}
                  type={variable.type === 'integer' || variable.type === 'number' ? 'number' : 'text'}
                  onChange={(e) => {
                    const text = e.target.value;
                    const numeric = variable.type === 'integer' || variable.type === 'number';
                    update(index, { default: text === '' ? null : numeric ? Number(text) : text });
                  }}
                  error={Boolean(err(index, 'default'))}
                  helperText={err(index, 'default')}
                  disabled={disabled}
                />
              )}
              {variable.type === 'choice' ? (
                <TextField
                  label={intl.formatMessage({ id: 'templates.variables.choices', defaultMessage: 'Choices (comma-separated)' })}
                  value={(variable.choices ?? []).join(', ')}
                  onChange={(e) => update(index, { choices: e.target.value.split(',').map((c) => c.trim()).filter(Boolean) })}
                  error={Boolean(err(index, 'choices'))}
                  helperText={err(index, 'choices')}
                  disabled={disabled}
                />
              ) : null}
              {variable.type === 'string' || variable.type === 'text' ? (
                <TextField
                  label={intl.formatMessage({ id: 'templates.variables.maxLength', defaultMessage: 'Max length' })}
                  type="number"
                  value={variable.max_length ?? ''}
                  onChange={(e) => update(index, { max_length: e.target.value ? Number(e.target.value) : null })}
                  sx={{ maxWidth: { sm: 140 } }}
                  error={Boolean(err(index, 'max_length'))}
                  helperText={err(index, 'max_length')}
                  disabled={disabled}
                  slotProps={{ htmlInput: { min: 1 } }}
                />
              ) : null}
            </Stack>
            <TextField
              label={intl.formatMessage(FIELD_LABELS.description)}
              value={variable.description ?? ''}
              onChange={(e) => update(index, { description: e.target.value })}
              error={Boolean(err(index, 'description'))}
              helperText={err(index, 'description')}
              disabled={disabled}
            />
            {rowError(index) ? <Typography color="error" variant="body2">{rowError(index)}</Typography> : null}
          </Stack>
        </Paper>
      ))}
      <Box>
        <Button
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={() => onChange([...value, { name: '', type: 'string', required: true, default: null, choices: null, max_length: null, description: '' }])}
        >
          <FormattedMessage id="templates.variables.add" defaultMessage="Add variable" />
        </Button>
      </Box>
    </Stack>
  );
}
