/** Messages several screens of the templates feature share: field names, version labels, variable types. */
import { defineMessage, defineMessages, type MessageDescriptor } from 'react-intl';

import type { VariableType } from './types';

/** A template's fields, as the editor, the list and the diffs name them. */
export const FIELD_LABELS = defineMessages({
  name: { id: 'templates.field.name', defaultMessage: 'Name' },
  slug: { id: 'templates.field.slug', defaultMessage: 'Slug' },
  category: { id: 'templates.field.category', defaultMessage: 'Category' },
  tags: { id: 'templates.field.tags', defaultMessage: 'Tags' },
  description: { id: 'templates.field.description', defaultMessage: 'Description' },
  systemPrompt: { id: 'templates.field.systemPrompt', defaultMessage: 'System prompt' },
  body: { id: 'templates.field.body', defaultMessage: 'Body' },
  variables: { id: 'templates.field.variables', defaultMessage: 'Variables' },
  defaults: { id: 'templates.field.defaults', defaultMessage: 'Defaults' },
});

/** A version's short name: "v3". */
export const VERSION_SHORT = defineMessage<{ version: number }>({ id: 'templates.version.short', defaultMessage: 'v{version}' });

export const CLOSE = defineMessage({ id: 'templates.dialog.close', defaultMessage: 'Close' });

/** The variable types (the API's values, kept for logic) as people read them. */
export const VARIABLE_TYPE_LABELS = defineMessages({
  string: { id: 'templates.variableType.string', defaultMessage: 'Short text' },
  text: { id: 'templates.variableType.text', defaultMessage: 'Long text' },
  integer: { id: 'templates.variableType.integer', defaultMessage: 'Whole number' },
  number: { id: 'templates.variableType.number', defaultMessage: 'Number' },
  boolean: { id: 'templates.variableType.boolean', defaultMessage: 'Yes or no' },
  choice: { id: 'templates.variableType.choice', defaultMessage: 'One of a list' },
}) satisfies Record<VariableType, MessageDescriptor>;
