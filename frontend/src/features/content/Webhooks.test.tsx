import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders, servePages } from '../../testing';
import { WebhooksPanel } from './index';
import type { Webhook, WebhookDelivery } from './types';

const hook = (id: number): Webhook => ({
  id, url: `https://hooks.example/${id}`, events: ['content.submitted'], active: true, consecutive_failures: 0, disabled_reason: '',
  created_at: '2026-03-01T10:00:00Z', updated_at: '2026-03-01T10:00:00Z',
});

/** `count` deliveries of one hook, newest (the highest id) first, as the API lists them; each names its event after its id. */
function deliveries(count: number, event: string): WebhookDelivery[] {
  return Array.from({ length: count }, (_, i) => ({
    id: count - i, event: `00000000-0000-4000-8000-${String(count - i).padStart(12, '0')}`, type: `${event}-${count - i}`, status: 'succeeded', status_code: 200,
    latency_ms: 12, attempts: 1, error: '', created_at: '2026-03-01T10:00:00Z', delivered_at: '2026-03-01T10:00:01Z', last_attempt_at: '2026-03-01T10:00:01Z',
  }));
}

/** The event of each row of a delivery log, in order. */
function events(log: HTMLElement) {
  return within(log).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[0].textContent);
}

describe('webhooks', () => {
  it('pages through a hook’s deliveries, and opens another hook’s on its first page', async () => {
    servePages('/workspaces/1/webhooks/', [hook(5), hook(6)]);
    const asked = servePages('/workspaces/1/webhooks/5/deliveries/', deliveries(30, 'five'));
    const askedOther = servePages('/workspaces/1/webhooks/6/deliveries/', deliveries(2, 'six'));
    const { user } = renderWithProviders(<WebhooksPanel workspace={1} canManage />);

    const five = await screen.findByLabelText('Webhook https://hooks.example/5');
    await user.click(within(five).getByRole('button', { name: 'Deliveries' }));
    const log = await within(five).findByRole('table', { name: 'Deliveries' });
    await within(log).findByText('five-30');
    expect(events(log)).toHaveLength(25);
    expect(within(five).getByText('1–25 of 30')).toBeInTheDocument();

    await user.click(within(five).getByRole('button', { name: 'Go to next page' }));
    await within(log).findByText('five-5');
    expect(events(log)).toEqual(['five-5', 'five-4', 'five-3', 'five-2', 'five-1']);
    expect(asked.at(-1)!.get('page')).toBe('2');
    expect(within(five).getByText('26–30 of 30')).toBeInTheDocument();

    const six = screen.getByLabelText('Webhook https://hooks.example/6');
    await user.click(within(six).getByRole('button', { name: 'Deliveries' }));
    const otherLog = await within(six).findByRole('table', { name: 'Deliveries' });
    await within(otherLog).findByText('six-2');
    expect(events(otherLog)).toEqual(['six-2', 'six-1']);
    expect(askedOther.map((query) => query.get('page'))).toEqual(['1']);
  });

  it('pages through the webhooks themselves', async () => {
    const asked = servePages('/workspaces/1/webhooks/', Array.from({ length: 27 }, (_, i) => hook(i + 1)));
    const { user } = renderWithProviders(<WebhooksPanel workspace={1} canManage />);

    expect(await screen.findByLabelText('Webhook https://hooks.example/1')).toBeInTheDocument();
    expect(screen.queryByLabelText('Webhook https://hooks.example/26')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await screen.findByLabelText('Webhook https://hooks.example/26')).toBeInTheDocument();
    expect(screen.getByLabelText('Webhook https://hooks.example/27')).toBeInTheDocument();
    expect(screen.queryByLabelText('Webhook https://hooks.example/1')).not.toBeInTheDocument();
    expect(asked.at(-1)!.get('page')).toBe('2');
  });
});
