import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters, search, sort and page kept in the URL's query string, so that a reload, Back
 * and a shared link show the same list. Values equal to their default are left out of the URL.
 * Changing anything but the page goes back to page 1. Typing replaces the history entry (Back
 * does not replay each keystroke); choosing a page or an option pushes one. `defaults` is best a
 * module constant: the values and `set` change when it does.
 */
export function useUrlState<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const keys = Object.keys(defaults) as K[];
  const values = useMemo(
    () => Object.fromEntries(Object.entries<string>(defaults).map(([k, fallback]) => [k, params.get(k) ?? fallback])) as Record<K, string>,
    [params, defaults],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);

  const set = useCallback(
    (patch: Partial<Record<K | 'page', string>>, { replace = false } = {}) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch) as [K | 'page', string][]) {
            const fallback = key === 'page' ? '1' : defaults[key];
            if (value === fallback || value === '') next.delete(key);
            else next.set(key, value);
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace },
      ),
    [setParams, defaults],
  );
  const reset = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  const filtering = keys.some((k) => values[k] !== defaults[k]);
  return {
    values,
    page,
    set,
    setPage: (p: number, options?: { replace?: boolean }) => set({ page: String(p) } as Partial<Record<K | 'page', string>>, options),
    reset,
    filtering,
  };
}
