import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { emptySession } from '../lib/session';
import { signedInSession } from '../testing';
import { preloadScreen } from './routes';
import { makeStore } from './store';

const storeWith = (session = signedInSession) => makeStore({ session }, { persist: false, devChecks: false });

/** The endpoints the store holds an answer for. */
const answered = (store: ReturnType<typeof storeWith>) =>
  Object.values(store.getState().api.queries)
    .filter((query) => query?.data !== undefined)
    .map((query) => `${query?.endpointName}(${JSON.stringify(query?.originalArgs)})`)
    .sort();

describe('preloadScreen', () => {
  it("asks for the template editor's data with its chunk, before anything renders", async () => {
    const store = storeWith();
    await store.dispatch(preloadScreen('/templates/7'));
    await waitFor(() => expect(answered(store)).toEqual(['getTemplate(7)', 'listLabels(7)', 'listVersions({"id":7,"page":1})', 'versionAnalytics(7)']));
  });

  it('asks for nothing for a signed-out visitor, or for a new template', async () => {
    const signedOut = storeWith(emptySession);
    await signedOut.dispatch(preloadScreen('/templates/7'));
    const creating = storeWith();
    await creating.dispatch(preloadScreen('/templates/new'));
    expect(signedOut.getState().api.queries).toEqual({});
    expect(creating.getState().api.queries).toEqual({});
  });
});
