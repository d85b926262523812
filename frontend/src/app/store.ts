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

/**
 * `devChecks`: Redux Toolkit's development-only walks of the whole state after every action
 * (immutability, serializability). Tests turn them off: on a busy machine they took 30-120 ms per
 * action and made the editor's tests minutes long; the app in development keeps them.
 */
export function makeStore(preloadedState?: Partial<RootState>, { persist = true, devChecks = true } = {}) {
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: preloadedState as RootState | undefined,
    middleware: (getDefault) =>
      getDefault({ immutableCheck: devChecks, serializableCheck: devChecks }).prepend(listener.middleware).concat(api.middleware),
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
