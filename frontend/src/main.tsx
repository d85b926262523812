import '@fontsource/roboto/400.css';
import '@fontsource/roboto/500.css';
import '@fontsource/roboto/700.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { AppProviders } from './app/App';
import { AppRoutes, preloadScreen } from './app/routes';
import { makeAppStore } from './app/store';
import { prefetchMe } from './features/accounts';
import { anonymousLocale, loadCatalogue } from './i18n';

const store = makeAppStore();
// A data router: the template editor's unsaved-changes guard needs `useBlocker`.
const router = createBrowserRouter([{ path: '*', element: <AppRoutes /> }]);

// The account, the screen's chunk and the catalogue of this browser's language (Portuguese is a
// chunk of its own) are asked for at once, side by side. The first render waits for the screen's
// chunk: a screen rendered before its chunk is here shows a loading state, and React then holds
// the screen back for 300 ms (its Suspense throttle), its data requests with it.
store.dispatch(prefetchMe());
// A failure is the LocaleProvider's to handle, when it asks for the catalogue again.
loadCatalogue(anonymousLocale()).catch(() => undefined);
void store.dispatch(preloadScreen(window.location.pathname)).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProviders store={store}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  ),
);
