import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import type { BodyOf } from '../../lib/apiTypes';
import { answer, API, apiError, makeTemplate, preview, renderWithProviders, server } from '../../testing';
import { PreviewPanel } from './components/PreviewPanel';

const template = makeTemplate({}, { variables: [{ name: 'topic', type: 'string', required: true, default: null, choices: null, max_length: 10, description: '' }] });

function recordPreviews() {
  const bodies: BodyOf<'templates_preview_create'>[] = [];
  server.use(
    http.post(`${API}/templates/1/preview/`, async ({ request }) => {
      const body = (await request.json()) as BodyOf<'templates_preview_create'>;
      bodies.push(body);
      const topic = (body.variables as Record<string, string>).topic;
      return topic ? answer('templates_preview_create', { ...preview, prompt: `About ${topic}.` }) : apiError(400, 'Invalid input: variables.topic.', { 'variables.topic': ['This variable is required.'] });
    }),
  );
  return bodies;
}

describe('live preview', () => {
  it('shows no error before the first edit, then the API error beside the input', async () => {
    const bodies = recordPreviews();
    renderWithProviders(<PreviewPanel template={template} dirty={false} />);
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(screen.queryByText(/this variable is required/i)).not.toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /topic/ }), { target: { value: 'x' } });
    fireEvent.change(screen.getByRole('textbox', { name: /topic/ }), { target: { value: '' } });
    expect(await screen.findByText(/this variable is required/i)).toBeInTheDocument();
  });

  it('keeps the sample values of a template across a remount (save, reload)', async () => {
    recordPreviews();
    const first = renderWithProviders(<PreviewPanel template={template} dirty={false} />);
    fireEvent.change(screen.getByRole('textbox', { name: /topic/ }), { target: { value: 'cats' } });
    expect(await screen.findByText('About cats.')).toBeInTheDocument();
    first.unmount();
    renderWithProviders(<PreviewPanel template={template} dirty={false} />);
    expect(screen.getByRole('textbox', { name: /topic/ })).toHaveValue('cats');
    expect(await screen.findByText('About cats.')).toBeInTheDocument();
  });

  it('shows the count and limit, refuses a longer value without cutting it or sending it', async () => {
    const bodies = recordPreviews();
    renderWithProviders(<PreviewPanel template={template} dirty={false} />);
    await waitFor(() => expect(bodies).toHaveLength(1));
    const input = screen.getByRole('textbox', { name: /topic/ });
    fireEvent.change(input, { target: { value: 'kittens' } });
    await screen.findByText('About kittens.');
    expect(input).toHaveAccessibleDescription('7/10 characters');
    const paste = 'y'.repeat(1_000_000);
    fireEvent.change(input, { target: { value: paste } });
    // At once, from the browser: no round trip for a megabyte the server would refuse anyway.
    expect(input).toHaveValue(paste);
    expect(screen.getByText(/Too long: at most 10 characters, now 1,000,000/)).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'dogs' } });
    await screen.findByText('About dogs.');
    expect(bodies.map((b) => (b.variables as Record<string, string>).topic)).not.toContain(paste);
  });

  it('explains the token approximation in a sentence', async () => {
    recordPreviews();
    renderWithProviders(<PreviewPanel template={template} dirty={false} />);
    fireEvent.change(screen.getByRole('textbox', { name: /topic/ }), { target: { value: 'cats' } });
    expect(await screen.findByText("Token counts are estimated at about 4 characters per token; the provider's own count may differ a little.")).toBeInTheDocument();
    expect(screen.queryByText(/chars\/4/)).not.toBeInTheDocument();
  });
});
