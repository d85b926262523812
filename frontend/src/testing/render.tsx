import { render, type RenderOptions } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, Route, RouterProvider, Routes } from 'react-router';

import { AppProviders } from '../app/App';
import { makeStore, type AppStore, type RootState } from '../app/store';
import type { SessionState } from '../lib/session';

export const signedInSession: SessionState = { access: 'access-1', refresh: 'refresh-1', workspaceId: 1 };

interface Options extends Omit<RenderOptions, 'wrapper'> {
  /** Initial URL. */
  route?: string;
  /** Route pattern the element is mounted at (for `useParams`); omit to render `ui` as is. */
  path?: string;
  preloadedState?: Partial<RootState>;
  store?: AppStore;
  persist?: boolean;
}

/** Render with a real store (RTK Query hitting MSW), the theme and a memory data router. */
export function renderWithProviders(
  ui: ReactElement,
  { route = '/', path, preloadedState = { session: signedInSession }, store, persist = false, ...options }: Options = {},
) {
  const appStore = store ?? makeStore(preloadedState, { persist, devChecks: false });
  // Skipping the per-event getComputedStyle walk keeps MUI-heavy tests fast on two cores.
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const element = path ? (
    <Routes>
      <Route path={path} element={ui} />
      <Route path="*" element={<div data-testid="navigated-away" />} />
    </Routes>
  ) : (
    ui
  );
  // A data router, as in the app (`useBlocker` needs one).
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [route] });
  const result = render(
    <AppProviders store={appStore}>
      <RouterProvider router={router} />
    </AppProviders>,
    options,
  );
  return { store: appStore, user, router, ...result };
}
