import { combineSlices, configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { setupListeners } from '@reduxjs/toolkit/query';

import { api } from '../lib/api';
import { emptySession, loadSession, saveSession, sessionReducer, signedOut, type SessionState } from '../lib/session';

const rootReducer = combineSlices(api, { session: sessionReducer });

export type RootState = ReturnType<typeof rootReducer>;

/** Sign-out forgets every cached answer, so the next user never sees the previous one's data. */
const listener = createListenerMiddleware();
listener.startListening({
  actionCreator: signedOut,
  effect: (_action, { dispatch }) => {
    dispatch(api.util.resetApiState());
  },
});

export function makeStore(preloadedState?: Partial<RootState>, { persist = true } = {}) {
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: preloadedState as RootState | undefined,
    middleware: (getDefault) => getDefault().prepend(listener.middleware).concat(api.middleware),
  });
  setupListeners(store.dispatch);
  if (persist) {
    let last: SessionState = store.getState().session;
    store.subscribe(() => {
      const current = store.getState().session;
      if (current !== last) {
        last = current;
        saveSession(current);
      }
    });
  }
  return store;
}

export function makeAppStore() {
  return makeStore({ session: loadSession() ?? emptySession });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
