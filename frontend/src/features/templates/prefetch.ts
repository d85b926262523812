import type { AppDispatch } from '../../app/store';
import { prefetchReleases } from '../releases';
import { templatesApi } from './api';

/**
 * The editor's data that its URL alone names (the template, its versions, its release sections),
 * asked for as soon as the chunk is here (app/routes.tsx), beside the account: not one after the
 * other once the editor has rendered. Its quality card waits: it needs the workspace.
 */
export const prefetchTemplateEditor = (id: number) => (dispatch: AppDispatch) => {
  dispatch(templatesApi.util.prefetch('getTemplate', id, {}));
  dispatch(templatesApi.util.prefetch('listVersions', { id, page: 1 }, {}));
  dispatch(prefetchReleases(id));
};
