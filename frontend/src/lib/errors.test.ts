import { describe, expect, it } from 'vitest';

import { fieldMessage, isNotFound, toApiError } from './errors';

describe('toApiError', () => {
  it('reads the API error shape', () => {
    const error = toApiError({ status: 400, data: { error: { code: 'invalid', message: 'Invalid input: name.', fields: { name: ['Required.', 'Too short.'] } } } });
    expect(error).toEqual({ status: 400, code: 'invalid', message: 'Invalid input: name.', fields: { name: ['Required.', 'Too short.'] } });
    expect(fieldMessage(error, 'name')).toBe('Required. Too short.');
    expect(fieldMessage(error, 'other')).toBeUndefined();
  });

  it('falls back to a message per status and for network errors', () => {
    expect(toApiError({ status: 403, data: '<html>' })?.message).toMatch(/permission/);
    expect(toApiError({ status: 'FETCH_ERROR', error: 'TypeError' })?.message).toBe('Cannot reach the server.');
    expect(isNotFound({ status: 404, data: null })).toBe(true);
    expect(isNotFound({ status: 'PARSING_ERROR', originalStatus: 404, data: '', error: '' })).toBe(true);
  });
});
