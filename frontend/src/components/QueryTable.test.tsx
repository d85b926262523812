import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '../testing';
import type { Column } from './DataTable';
import { QueryTable, type ListQuery } from './QueryTable';

interface Fruit {
  id: number;
  name: string;
}

const columns: Column<Fruit>[] = [
  { key: 'name', header: 'Name', cell: (fruit) => fruit.name },
  { key: 'id', header: 'Id', align: 'right', hideBelow: 'md', cell: (fruit) => fruit.id },
];

function query(overrides: Partial<ListQuery<Fruit>>): ListQuery<Fruit> {
  return { data: undefined, error: undefined, isFetching: false, refetch: vi.fn(), ...overrides };
}

function table(list: ListQuery<Fruit>, more: { list?: { page: number; setPage: (page: number) => void }; onRowClick?: (fruit: Fruit) => void } = {}) {
  return renderWithProviders(
    <QueryTable query={list} label="Fruit" columns={columns} loadingLabel="Loading fruit…" empty={<p>No fruit</p>} {...more} />,
  );
}

describe('query table', () => {
  it('says it is loading until the first answer', () => {
    table(query({}));
    expect(screen.getByRole('status')).toHaveTextContent('Loading fruit…');
  });

  it('shows the error with a retry', async () => {
    const refetch = vi.fn();
    const { user } = table(query({ error: { status: 500, data: { detail: 'Broken.' } }, refetch }));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(refetch).toHaveBeenCalledOnce();
  });

  it('shows the empty state when there are no rows', () => {
    table(query({ data: [] }));
    expect(screen.getByText('No fruit')).toBeInTheDocument();
  });

  it('says a paged answer it has no pager for is not all', () => {
    table(query({ data: { count: 30, next: 'next', previous: null, results: [{ id: 1, name: 'Apple' }] } }));
    expect(screen.getByRole('status')).toHaveTextContent('Showing 1 of 30.');
  });

  it('renders a row an item and pages a paged list', async () => {
    const onPageChange = vi.fn();
    const { user } = table(query({ data: { count: 30, next: 'next', previous: null, results: [{ id: 1, name: 'Apple' }] } }), { list: { page: 1, setPage: onPageChange } });
    const rows = within(screen.getByRole('table', { name: 'Fruit' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['NameId', 'Apple1']);
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(onPageChange).toHaveBeenCalledWith(2);
  });

  it('steps back a page, in place of this one, when its page is past the last', () => {
    const setPage = vi.fn();
    table(query({ error: { status: 404, data: { error: { code: 'not_found', message: 'Invalid page.', fields: {} } } } }), { list: { page: 3, setPage } });
    expect(setPage).toHaveBeenCalledWith(2, { replace: true });
    expect(screen.getByRole('status')).toHaveTextContent('Loading fruit…');
  });

  it('shows a 404 of the first page as the error it is', () => {
    const setPage = vi.fn();
    table(query({ error: { status: 404, data: { error: { code: 'not_found', message: 'Not found.', fields: {} } } } }), { list: { page: 1, setPage } });
    expect(setPage).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('opens a row on click and has no pagination for a plain list', async () => {
    const onRowClick = vi.fn();
    const { user } = table(query({ data: [{ id: 7, name: 'Kiwi' }] }), { onRowClick });
    await user.click(screen.getByText('Kiwi'));
    expect(onRowClick).toHaveBeenCalledWith({ id: 7, name: 'Kiwi' });
    expect(screen.queryByRole('button', { name: 'Go to next page' })).not.toBeInTheDocument();
  });
});
