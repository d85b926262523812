import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';

import { makeTemplate } from '../../testing/fixtures';
import { initialValues, toPayload, validateValues } from './variables';

const schema = makeTemplate().current_version.variables;
const intl = createIntl({ locale: 'en' });

describe('variable helpers', () => {
  it('starts from the defaults and sends typed values', () => {
    const values = initialValues(schema);
    expect(values).toEqual({ topic: '', notes: '', words: '300', formal: false, tone: 'friendly' });
    expect(toPayload(schema, { ...values, topic: 'cats', words: '42' })).toEqual({ topic: 'cats', words: 42, formal: false, tone: 'friendly' });
  });

  it('validates required, numbers and length', () => {
    expect(validateValues(schema, initialValues(schema), intl)).toEqual({ topic: 'This field is required.' });
    expect(validateValues(schema, { ...initialValues(schema), topic: 'x'.repeat(81), words: '1.5' }, intl)).toEqual({
      topic: 'Too long: at most 80 characters, now 81.',
      words: 'Enter a whole number.',
    });
  });
});
