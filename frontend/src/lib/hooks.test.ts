import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { usePage } from './hooks';

describe('usePage', () => {
  it('keeps a panel’s page, back on page 1 when what the list shows changes', () => {
    const { result, rerender } = renderHook(({ scope }) => usePage(scope), { initialProps: { scope: 'webhook 5' } });
    expect(result.current.page).toBe(1);
    act(() => result.current.setPage(3));
    expect(result.current.page).toBe(3);
    rerender({ scope: 'webhook 6' });
    expect(result.current.page).toBe(1);
    act(() => result.current.setPage(2));
    rerender({ scope: 'webhook 6' });
    expect(result.current.page).toBe(2);
  });
});
