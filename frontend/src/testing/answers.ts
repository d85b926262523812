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

/**
 * A `text/event-stream` answer of `[event, data]` pairs (data sent as JSON). With `gates`, the
 * event after the first waits for `gates[0]`, the next for `gates[1]`...: a test sees each state.
 */
export function sseAnswer(events: [string, unknown][], gates: Promise<void>[] = []) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [index, [event, data]] of events.entries()) {
        if (index && index <= gates.length) await gates[index - 1];
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      }
      controller.close();
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
}
