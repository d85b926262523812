/**
 * The signed-in session: JWT pair and the workspace the user is working in.
 *
 * `user` (the email last signed in) outlives sign-out: a page asked for before sign-in is opened
 * afterwards only for the same person, never for the next one at this browser.
 *
 * Kept in Redux (the base query reads the access token from here) and mirrored to localStorage so
 * a reload keeps the user signed in. Refresh tokens rotate, so every refresh stores the new pair.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

import { STORAGE_KEYS } from '../config/constants';

export interface SessionState {
  access: string | null;
  refresh: string | null;
  workspaceId: number | null;
  user?: string | null;
}

export const emptySession: SessionState = { access: null, refresh: null, workspaceId: null, user: null };

export function loadSession(): SessionState {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEYS.session);
    if (!raw) return emptySession;
    const parsed = JSON.parse(raw) as Partial<SessionState>;
    return {
      access: typeof parsed.access === 'string' ? parsed.access : null,
      refresh: typeof parsed.refresh === 'string' ? parsed.refresh : null,
      workspaceId: typeof parsed.workspaceId === 'number' ? parsed.workspaceId : null,
      user: typeof parsed.user === 'string' ? parsed.user : null,
    };
  } catch {
    return emptySession;
  }
}

export function saveSession(state: SessionState): void {
  try {
    if (!state.access && !state.refresh && !state.user) {
      globalThis.localStorage?.removeItem(STORAGE_KEYS.session);
    } else {
      globalThis.localStorage?.setItem(STORAGE_KEYS.session, JSON.stringify(state));
    }
  } catch {
    // Private mode or a full quota: the session still works for this tab.
  }
}

const sessionSlice = createSlice({
  name: 'session',
  initialState: emptySession,
  reducers: {
    tokensReceived(state, action: PayloadAction<{ access: string; refresh?: string }>) {
      state.access = action.payload.access;
      if (action.payload.refresh) state.refresh = action.payload.refresh;
    },
    signedIn(state, action: PayloadAction<{ access: string; refresh: string; user: string }>) {
      state.access = action.payload.access;
      state.refresh = action.payload.refresh;
      if (state.user !== action.payload.user) state.workspaceId = null; // another person: their own first workspace
      state.user = action.payload.user;
    },
    signedOut(state) {
      state.access = null;
      state.refresh = null;
    },
    workspaceSelected(state, action: PayloadAction<number | null>) {
      state.workspaceId = action.payload;
    },
  },
  selectors: {
    selectAccessToken: (state) => state.access,
    selectRefreshToken: (state) => state.refresh,
    selectIsSignedIn: (state) => Boolean(state.access || state.refresh),
    selectWorkspaceId: (state) => state.workspaceId,
    selectLastUser: (state) => state.user ?? null,
  },
});

export const { tokensReceived, signedIn, signedOut, workspaceSelected } = sessionSlice.actions;
export const { selectAccessToken, selectRefreshToken, selectIsSignedIn, selectWorkspaceId, selectLastUser } =
  sessionSlice.selectors;
export const sessionReducer = sessionSlice.reducer;
export const sessionReducerPath = sessionSlice.reducerPath;
