import { useCallback, useEffect, useState, type FormEvent } from 'react';

import { toApiError, type ApiError } from './errors';

/** `value`, once it has stopped changing for `delay` ms. */
export function useDebounced<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/** What the user types to search on the server (`setQuery`), and it once they stop typing (`search`). */
export function useSearchQuery(delay = 300) {
  const [query, setQuery] = useState('');
  return { search: useDebounced(query, delay), setQuery };
}

/**
 * The page of a list that shares its screen with others (a panel's), kept here rather than in the
 * URL, which keeps a page's main list's (`useUrlState`). Back to page 1 when `scope`, what the list
 * shows (its webhook, its label), changes.
 */
export function usePage(scope: string | number) {
  const [place, setPlace] = useState({ scope, page: 1 });
  const page = place.scope === scope ? place.page : 1;
  const setPage = useCallback((next: number) => setPlace({ scope, page: next }), [scope]);
  return { page, setPage };
}

/**
 * An action on one item that asks first: `ask(item)` opens the question; spread `dialog` into a
 * `ConfirmItemDialog`, which closes it and, when confirmed, calls `act(item)`.
 */
export function useConfirmItem<T>(act: (item: T) => void) {
  const [item, setItem] = useState<T | null>(null);
  return { item, ask: setItem, dialog: { item, onClose: () => setItem(null), onConfirm: act } };
}

/**
 * Runs a component's writes, keeping the last one's error for a `FormError` (cleared when the next
 * starts); `run` resolves true when the write succeeded. With `onError`, errors go to the parent
 * instead of being kept here.
 */
export function useApiAction(onError?: (error: ApiError | null) => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const report = onError ?? setError;
  const run = async (write: () => Promise<unknown>) => {
    report(null);
    try {
      await write();
      return true;
    } catch (err) {
      report(toApiError(err));
      return false;
    }
  };
  /** A form's submit handler: the page stays, the write runs. */
  const submitWith = (write: () => Promise<unknown>) => (event: FormEvent) => {
    event.preventDefault();
    void run(write);
  };
  return { error, setError, run, submitWith };
}
