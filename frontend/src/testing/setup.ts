import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { server } from './server';

// jsdom lacks these; MUI (useMediaQuery, charts, Autocomplete) expects them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: query.includes('min-width:900px') || query.includes('min-width: 900px'),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!URL.createObjectURL) {
  URL.createObjectURL = () => 'blob:stub';
  URL.revokeObjectURL = () => {};
}

// `findBy*` and `waitFor` poll for a state and return as soon as it is there: the deadline only
// decides how long a broken screen takes to fail, so it is generous enough for a machine where
// other test runs take every core (a load average near 10 on two cores made 5 s too short).
configure({ asyncUtilTimeout: 60_000 });

// A request no handler answers fails the test that made it: the screen under test saw a network
// error where the API would have answered, so what it shows is not what a person would see.
const unanswered: string[] = [];
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (request, print) => {
      unanswered.push(`${request.method} ${new URL(request.url).pathname}`);
      print.error();
    },
  }),
);
afterEach(async () => {
  cleanup();
  // A request the screen sent just before it was unmounted is matched a few microtasks later:
  // against this test's handlers, and counted for this test.
  await new Promise((settled) => setTimeout(settled, 0));
  expect(unanswered.splice(0), 'requests no MSW handler answered').toEqual([]);
  server.resetHandlers();
  localStorage.clear();
});
afterAll(() => server.close());
