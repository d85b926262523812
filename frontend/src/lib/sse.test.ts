import { describe, expect, it } from 'vitest';

import { readSse } from './sse';

function streamOf(chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]) {
  const events = [];
  for await (const event of readSse(streamOf(chunks))) events.push(event);
  return events;
}

describe('readSse', () => {
  it('parses events split across chunks, CRLF, comments and multi-line data', async () => {
    const events = await collect([
      ': keep-alive\n\n',
      'event: start\ndata: {"id": 1}\n',
      '\nevent: delta\r\ndata: {"text":',
      ' "a"}\r\n\r\ndata: line one\ndata: line two\n\n',
      'event: done\ndata: {}',
    ]);
    expect(events).toEqual([
      { event: 'start', data: '{"id": 1}', id: undefined },
      { event: 'delta', data: '{"text": "a"}', id: undefined },
      { event: 'message', data: 'line one\nline two', id: undefined },
      { event: 'done', data: '{}', id: undefined },
    ]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: olá 🌍\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 9));
        controller.enqueue(bytes.slice(9));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readSse(stream)) events.push(event);
    expect(events[0].data).toBe('olá 🌍');
  });
});
