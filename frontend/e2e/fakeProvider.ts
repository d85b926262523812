import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible model server on loopback, run inside the test, that the workspace is
 * pointed at as its own `openai_compatible` provider (the server allows 127.0.0.1 through
 * `PROVIDER_BASE_URL_ALLOWED_HOSTS`, set by e2e/serve.sh). Like the backend tests' fake server
 * (tests/generations/providers/fake_server.py) only the remote host is fake: the app's SDK, worker
 * and database run for real. The test tells it what to do, so the states Cancel and Retry need are
 * reached without racing a clock:
 * - `answer()`: answer every call (and release the held ones) with `Fake answer: <prompt>`;
 * - `hold()`: keep calls open until `answer()`; `held` counts them, a state the test waits for;
 * - `fail()`: refuse every call with a 400, a permanent error (no retries, no circuit breaker).
 * Background generations and batch rows call the provider without streaming; that is all it speaks.
 */
export class FakeProvider {
  private mode: 'answer' | 'hold' | 'fail' = 'answer';
  private waiting: (() => void)[] = [];
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));

  /** Listens on a free loopback port; the base URL to save as the provider's. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.answer();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  get held(): number {
    return this.waiting.length;
  }

  hold(): void {
    this.mode = 'hold';
  }

  fail(): void {
    this.mode = 'fail';
  }

  answer(): void {
    this.mode = 'answer';
    for (const release of this.waiting.splice(0)) release();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { model?: string; messages?: { content: string }[] };
    if (this.mode === 'fail') {
      send(response, 400, { error: { message: 'The fake provider was told to fail.', type: 'invalid_request_error' } });
      return;
    }
    if (this.mode === 'hold') await new Promise<void>((release) => this.waiting.push(release));
    const prompt = body.messages?.at(-1)?.content ?? '';
    send(response, 200, completion(`Fake answer: ${prompt}`, body.model ?? 'fake'));
  }
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function completion(text: string, model: string) {
  return {
    id: 'chatcmpl-e2e',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 },
  };
}
