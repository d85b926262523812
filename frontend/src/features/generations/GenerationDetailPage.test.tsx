import { screen } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeGeneration, renderWithProviders, server } from '../../testing';
import { GenerationDetailPage } from './components/GenerationDetailPage';

describe('generation detail', () => {
  it('says which provider was asked for and why another answered, with the ratings', async () => {
    const generation = makeGeneration({
      id: 9,
      provider: 'anthropic',
      model: 'claude-haiku',
      requested_provider: 'openai',
      fallback_reason: 'openai: rate limited (429) after 3 attempts',
      output: '## Result\n\nA *fine* answer.',
      rating_average: 4.5,
      rating_count: 2,
      my_rating: { rating: 5, feedback: 'Great' },
    });
    server.use(http.get(`${API}/generations/9/`, () => answer('generations_retrieve', generation)));
    renderWithProviders(<GenerationDetailPage />, { route: '/history/9', path: '/history/:id' });
    expect(await screen.findByText('Asked for openai; anthropic / claude-haiku answered instead (openai: rate limited (429) after 3 attempts).')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Result' })).toBeInTheDocument();
    expect(screen.getByLabelText('Average rating')).toHaveTextContent('Average 4.5 from 2 ratings');
    expect(screen.getByRole('textbox', { name: /feedback/i })).toHaveValue('Great');
  });
});
