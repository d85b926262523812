import type { ReactNode } from 'react';
import { Provider } from 'react-redux';

import { LocaleProvider } from './LocaleProvider';
import type { AppStore } from './store';

/** Everything a screen needs around it: store, language, theme. The router is added by the caller. */
export function AppProviders({ store, children }: { store: AppStore; children: ReactNode }) {
  return (
    <Provider store={store}>
      <LocaleProvider>{children}</LocaleProvider>
    </Provider>
  );
}
