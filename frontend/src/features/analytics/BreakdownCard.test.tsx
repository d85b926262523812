import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '../../testing';
import { BreakdownCard } from './components/BreakdownCard';

describe('breakdown', () => {
  it('names run statuses as people read them and formats the metric', () => {
    const breakdown = [
      { key: 'succeeded', value: 0.025 },
      { key: 'cancelled', value: 0 },
    ];
    renderWithProviders(<BreakdownCard metric="error_rate" groupBy="status" breakdown={breakdown} loading={false} />);
    expect(screen.getByRole('heading', { name: 'Error rate by status' })).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Breakdown by status' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['succeeded2.5%', 'cancelled0.0%']);
  });
});
