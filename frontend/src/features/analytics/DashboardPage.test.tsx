import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';

import { answer, API, makeSummary, makeTimeSeries, me, renderWithProviders, server } from '../../testing';
import { DashboardPage } from './components/DashboardPage';

describe('dashboard', () => {
  it('shows the KPI cards for the last 30 days', async () => {
    let params: URLSearchParams | null = null;
    server.use(
      http.get(`${API}/analytics/summary/`, ({ request }) => {
        params = new URL(request.url).searchParams;
        return answer('analytics_summary_retrieve', makeSummary({
          generations: 1234,
          success_rate: 0.975,
          cache_hit_ratio: 0.2,
          input_tokens: 1000,
          output_tokens: 500,
          cost: '12.5',
          latency_p50_ms: 350,
          latency_p95_ms: 1820,
          average_rating: 4.2,
        }));
      }),
      http.get(`${API}/analytics/timeseries/`, () => answer('analytics_timeseries_retrieve', makeTimeSeries())),
    );
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByLabelText('Generations')).toHaveTextContent('1,234');
    expect(screen.getByLabelText('Success rate')).toHaveTextContent('97.5%');
    expect(screen.getByLabelText('Cost')).toHaveTextContent('$12.50');
    expect(screen.getByLabelText('p95 latency')).toHaveTextContent('1.82 s');
    expect(params!.get('workspace')).toBe('1');
    expect(params!.get('start')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('speaks Brazilian Portuguese and asks for the profile\'s time zone when the user saved them', async () => {
    const zones: (string | null)[] = [];
    server.use(
      http.get(`${API}/me/`, () => answer('me_retrieve', { ...me, language: 'pt-br', time_zone: 'America/Sao_Paulo' })),
      http.get(`${API}/analytics/summary/`, ({ request }) => {
        zones.push(new URL(request.url).searchParams.get('tz'));
        return answer('analytics_summary_retrieve', makeSummary({ generations: 1234, success_rate: 0.975, cost: '12.5', input_tokens: 1000, output_tokens: 500 }));
      }),
      http.get(`${API}/analytics/timeseries/`, () => answer('analytics_timeseries_retrieve', makeTimeSeries())),
    );
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByRole('heading', { name: 'Painel' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Gerações')).toHaveTextContent('1.234');
    expect(screen.getByLabelText('Taxa de sucesso')).toHaveTextContent('97,5%');
    expect(screen.getByLabelText('Custo')).toHaveTextContent(/^US\$\s12,50$/);
    expect(screen.getByText('1.500 tokens')).toBeInTheDocument();
    await waitFor(() => expect(zones.at(-1)).toBe('America/Sao_Paulo'));
  });

  it('explains when analytics are not deployed (404)', async () => {
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByText('Analytics are not available yet')).toBeInTheDocument();
  });
});
