import { HttpResponse, type JsonBodyType } from 'msw';

import type { AnswerOf } from '../lib/apiTypes';
import type { operations } from '../lib/schema';

/**
 * A mocked JSON answer typed by the operation it stands for (`answer('templates_retrieve', t)`):
 * when the API's contract changes, the mocks stop compiling instead of drifting.
 */
export function answer<O extends keyof operations>(_operation: O, body: AnswerOf<O>, init?: ResponseInit) {
  return HttpResponse.json(body as JsonBodyType, init);
}
