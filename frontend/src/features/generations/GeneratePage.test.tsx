import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, apiError, makeGeneration, renderWithProviders, server, serveManyTemplates, typeAndChooseTemplate } from '../../testing';
import { GeneratePage } from './components/GeneratePage';

function sseBody(chunks: string[], delayMs = 5) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(encoder.encode(chunk));
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      controller.close();
    },
  });
}

const sse = (chunks: string[]) => new HttpResponse(sseBody(chunks), { headers: { 'Content-Type': 'text/event-stream' } });

describe('generate form', () => {
  it('builds the right input for each variable type', async () => {
    renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });

    const form = await screen.findByRole('form', { name: 'Generation form' });
    // The limit shows as a count; nothing cuts a longer value (it is refused with a message instead).
    expect(within(form).getByRole('textbox', { name: /^topic/ })).not.toHaveAttribute('maxlength');
    expect(within(form).getByRole('textbox', { name: /^topic/ })).toHaveAccessibleDescription('What to write about · 0/80 characters');
    expect(within(form).getByRole('textbox', { name: /^notes/ }).tagName).toBe('TEXTAREA');
    expect(within(form).getByRole('spinbutton', { name: /^words/ })).toHaveValue(300);
    expect(within(form).getByRole('checkbox', { name: 'formal' })).not.toBeChecked();
    expect(within(form).getByRole('combobox', { name: /^tone/ })).toHaveTextContent('friendly');
    // The offline provider is labelled as such.
    expect(within(form).getByRole('combobox', { name: 'Provider' })).toBeInTheDocument();
  });

  it('finds a template past the first page by typing its name, and builds its form', async () => {
    serveManyTemplates();
    const { user, router } = renderWithProviders(<GeneratePage />, { route: '/generate', path: '/generate' });
    await typeAndChooseTemplate(user, 'Template 33');
    await waitFor(() => expect(router.state.location.search).toBe('?template=133'));
    const form = await screen.findByRole('form', { name: 'Generation form' });
    expect(within(form).getByRole('textbox', { name: /^product/ })).toBeInTheDocument();
  });

  it('refuses a value over its limit instead of cutting it', async () => {
    let called = false;
    server.use(http.post(`${API}/generations/stream/`, () => { called = true; return sse([]); }));
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    const topic = await screen.findByRole('textbox', { name: /^topic/ });
    fireEvent.change(topic, { target: { value: 'x'.repeat(5000) } });
    expect(topic).toHaveValue('x'.repeat(5000));
    expect(screen.getByText(/Too long: at most 80 characters, now 5,000/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(called).toBe(false);
  });

  it('shows how to set up a provider that is not configured', async () => {
    server.use(
      http.post(`${API}/generations/stream/`, () =>
        apiError(400, 'openai is not configured: add an API key in Settings, Providers, or set OPENAI_API_KEY.', { provider: ['openai is not configured.'] }, 'provider_not_configured'),
      ),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    fireEvent.change(await screen.findByRole('textbox', { name: /^topic/ }), { target: { value: 'cats' } });
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText(/openai is not configured: add an API key/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Set up providers' })).toHaveAttribute('href', '/settings?tab=providers');
  });

  it('checks required fields before calling the API', async () => {
    let called = false;
    server.use(http.post(`${API}/generations/stream/`, () => { called = true; return sse([]); }));
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.click(await screen.findByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('This field is required.')).toBeInTheDocument();
    expect(called).toBe(false);
  });

  it('shows validation messages from the API beside the matching fields', async () => {
    let sent: Record<string, unknown> | null = null;
    let idempotencyKey: string | null = null;
    server.use(
      http.post(`${API}/generations/stream/`, async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        idempotencyKey = request.headers.get('Idempotency-Key');
        return apiError(400, 'Invalid input: variables.topic, variables.words.', {
          'variables.topic': ['Ensure this value has at most 10 characters.'],
          'variables.words': ['Must be at most 2000.'],
        });
      }),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.type(await screen.findByRole('textbox', { name: /^topic/ }), 'a long topic');
    const words = screen.getByRole('spinbutton', { name: /^words/ });
    await user.clear(words);
    await user.type(words, '5000');
    await user.click(screen.getByRole('button', { name: 'Generate' }));

    await waitFor(() => expect(screen.getByRole('textbox', { name: /^topic/ })).toHaveAccessibleDescription('Ensure this value has at most 10 characters. · 12/80 characters'));
    expect(screen.getByRole('spinbutton', { name: /^words/ })).toHaveAccessibleDescription('Must be at most 2000.');
    expect(screen.getByRole('textbox', { name: /^topic/ })).toBeInvalid();
    // No label or version picked: the API runs production, else the latest version.
    expect(sent).toMatchObject({ template: 1, variables: { topic: 'a long topic', words: 5000, formal: false, tone: 'friendly' }, cache: true });
    expect(sent).not.toHaveProperty('version');
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads a validation error sent as an SSE error event', async () => {
    server.use(
      http.post(`${API}/generations/stream/`, () =>
        new HttpResponse('event: error\ndata: {"error": {"code": "invalid", "message": "Invalid input: variables.topic.", "fields": {"variables.topic": ["Not allowed."]}}}\n\n', {
          status: 400,
          headers: { 'Content-Type': 'text/event-stream' },
        }),
      ),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.type(await screen.findByRole('textbox', { name: /^topic/ }), 'x');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /^topic/ })).toHaveAccessibleDescription('Not allowed. · 1/80 characters'));
  });

  it('streams the output as deltas arrive, then shows the stats', async () => {
    const done = makeGeneration({ id: 55, output: 'Hello, brave new world.', input_tokens: 12, output_tokens: 5, cost: '0.000123' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const encoder = new TextEncoder();
    server.use(
      http.post(`${API}/generations/stream/`, () => {
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('event: start\ndata: {"id": 55}\n\n'));
            // An event split across two network chunks.
            controller.enqueue(encoder.encode('event: delta\ndata: {"text": "Hel'));
            controller.enqueue(encoder.encode('lo, "}\n\nevent: delta\ndata: {"text": "brave "}\n\n'));
            await gate; // hold the stream open: the partial text must already be on screen
            controller.enqueue(encoder.encode('event: delta\r\ndata: {"text": "new world."}\r\n\r\n'));
            controller.enqueue(encoder.encode(`event: done\ndata: ${JSON.stringify(done)}\n\n`));
            controller.close();
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
      }),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.type(await screen.findByRole('textbox', { name: /^topic/ }), 'cats');
    await user.click(screen.getByRole('button', { name: 'Generate' }));

    await waitFor(() => expect(screen.getByLabelText('Generation output')).toHaveTextContent('Hello, brave'));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    release();

    await waitFor(() => expect(screen.getByLabelText('Generation output')).toHaveTextContent('Hello, brave new world.'));
    expect(await screen.findByText('12 in · 5 out tokens')).toBeInTheDocument();
    expect(screen.getByText('cost $0.000123')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Details' })).toHaveAttribute('href', '/history/55');
    expect(screen.getByRole('button', { name: 'Copy Markdown' })).toBeEnabled();
  });

  it('shows a stream error event', async () => {
    server.use(
      http.post(`${API}/generations/stream/`, () =>
        sse(['event: start\ndata: {"id": 9}\n\n', 'event: delta\ndata: {"text": "Partial"}\n\n', 'event: error\ndata: {"error": {"code": "provider_error", "message": "All providers failed.", "fields": {}}}\n\n']),
      ),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.type(await screen.findByRole('textbox', { name: /^topic/ }), 'cats');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    expect(await screen.findByText('All providers failed.')).toBeInTheDocument();
    expect(screen.getByLabelText('Generation output')).toHaveTextContent('Partial');
  });

  it('sends a rating for the finished generation', async () => {
    let feedback: unknown = null;
    server.use(
      http.post(`${API}/generations/stream/`, () => sse([`event: done\ndata: ${JSON.stringify(makeGeneration({ id: 77 }))}\n\n`])),
      http.post(`${API}/generations/77/feedback/`, async ({ request }) => {
        feedback = await request.json();
        return answer('generations_feedback_create', makeGeneration({ id: 77, rating_average: 4, rating_count: 1, my_rating: { rating: 4, feedback: '' } }));
      }),
    );
    const { user } = renderWithProviders(<GeneratePage />, { route: '/generate?template=1', path: '/generate' });
    await user.type(await screen.findByRole('textbox', { name: /^topic/ }), 'cats');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const star = await screen.findByRole('radio', { name: '4 Stars' });
    // MUI's visually hidden star inputs ignore synthetic pointer sequences; a plain click event is what a browser sends.
    fireEvent.click(star);
    await user.click(screen.getByRole('button', { name: 'Send rating' }));
    await waitFor(() => expect(feedback).toEqual({ rating: 4, feedback: '' }));
    expect(await screen.findByRole('button', { name: 'Saved' })).toBeInTheDocument();
    expect(screen.getByLabelText('Average rating')).toHaveTextContent('Average 4.0 from 1 rating');
  });
});
