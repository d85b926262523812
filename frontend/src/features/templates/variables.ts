/** Helpers around a template's variable schema: initial values, client checks, typed values. */
import type { IntlShape } from 'react-intl';

import type { ApiError } from '../../lib/errors';
import type { TemplateVariable, VariableValue } from './types';

/** Form state keeps numbers as text while typing; `toPayload` converts them. */
export type VariableFormValues = Record<string, string | boolean>;

export function initialValues(schema: TemplateVariable[]): VariableFormValues {
  const values: VariableFormValues = {};
  for (const variable of schema) {
    const fallback = variable.default;
    if (variable.type === 'boolean') values[variable.name] = fallback === true || fallback === 'true';
    else values[variable.name] = fallback === null || fallback === undefined ? '' : String(fallback);
  }
  return values;
}

/** The JSON sent to the API: numbers as numbers, blanks left out so the server applies defaults. */
export function toPayload(schema: TemplateVariable[], values: VariableFormValues): Record<string, VariableValue> {
  const payload: Record<string, VariableValue> = {};
  for (const variable of schema) {
    const raw = values[variable.name];
    if (variable.type === 'boolean') {
      payload[variable.name] = Boolean(raw);
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text === '') continue;
    if (variable.type === 'integer' || variable.type === 'number') {
      const number = Number(text);
      payload[variable.name] = Number.isNaN(number) ? text : number;
    } else {
      payload[variable.name] = text;
    }
  }
  return payload;
}

/** Over the variable's `max_length`: the form refuses it rather than cutting it. */
export function tooLong(variable: TemplateVariable, text: string): boolean {
  return variable.max_length !== null && variable.max_length !== undefined && text.length > variable.max_length;
}

/** The checks the browser can make before asking the server (which checks again), with messages in the user's language. */
export function validateValues(schema: TemplateVariable[], values: VariableFormValues, intl: IntlShape): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const variable of schema) {
    const raw = values[variable.name];
    if (variable.type === 'boolean') continue;
    const text = typeof raw === 'string' ? raw : '';
    if (!text) {
      if (variable.required && (variable.default === undefined || variable.default === null || variable.default === '')) {
        errors[variable.name] = intl.formatMessage({ id: 'templates.validation.required', defaultMessage: 'This field is required.' });
      }
      continue;
    }
    if (variable.type === 'integer' && !/^-?\d+$/.test(text.trim())) {
      errors[variable.name] = intl.formatMessage({ id: 'templates.validation.integer', defaultMessage: 'Enter a whole number.' });
    }
    if (variable.type === 'number' && Number.isNaN(Number(text))) {
      errors[variable.name] = intl.formatMessage({ id: 'templates.validation.number', defaultMessage: 'Enter a number.' });
    }
    if (tooLong(variable, text)) {
      errors[variable.name] = intl.formatMessage(
        { id: 'templates.validation.tooLong', defaultMessage: 'Too long: at most {limit, plural, one {# character} other {# characters}}, now {length, number}.' },
        { limit: variable.max_length, length: text.length },
      );
    }
    if (variable.type === 'choice' && variable.choices?.length && !variable.choices.includes(text)) {
      errors[variable.name] = intl.formatMessage({ id: 'templates.validation.choice', defaultMessage: 'Pick one of the choices.' });
    }
  }
  return errors;
}

/** API messages for each variable: the server names them `variables.<name>` (or bare `<name>`). */
export function variableErrorsFromApi(error: ApiError | null, schema: TemplateVariable[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error) return out;
  for (const variable of schema) {
    const messages = error.fields[`variables.${variable.name}`] ?? error.fields[variable.name];
    if (messages?.length) out[variable.name] = messages.join(' ');
  }
  return out;
}

export function variableFieldNames(schema: TemplateVariable[]): string[] {
  return schema.flatMap((v) => [`variables.${v.name}`, v.name]);
}
