import { api, pageTags, toQuery, type Page } from '../../lib/api';
import type {
  ImportReport,
  PreviewRequest,
  PreviewResult,
  RestoreRequest,
  Template,
  TemplateFilters,
  TemplateUpdate,
  TemplateVersion,
  TemplateWrite,
  TemplateWritten,
} from './types';

export const templatesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listTemplates: build.query<Page<Template>, TemplateFilters>({
      query: ({ archived = 'false', page = 1, ...filters }) => `templates/${toQuery({ ...filters, archived, page })}`,
      providesTags: pageTags('Template'),
    }),
    getTemplate: build.query<Template, number>({
      query: (id) => `templates/${id}/`,
      providesTags: (_r, _e, id) => [{ type: 'Template', id }],
    }),
    createTemplate: build.mutation<TemplateWritten, TemplateWrite & { workspace: number }>({
      query: (body) => ({ url: 'templates/', method: 'POST', body }),
      invalidatesTags: [{ type: 'Template', id: 'LIST' }],
    }),
    updateTemplate: build.mutation<TemplateWritten, TemplateUpdate & { base_version: number }>({
      query: ({ id, ...body }) => ({ url: `templates/${id}/`, method: 'PATCH', body }),
      // Not on failure: after a 409 the editor fetches the newer version itself and keeps the draft.
      invalidatesTags: (_r, error, { id }) =>
        error
          ? []
          : [
              { type: 'Template', id },
              { type: 'Template', id: 'LIST' },
              { type: 'TemplateVersion', id },
            ],
    }),
    setArchived: build.mutation<Template, { id: number; archived: boolean }>({
      query: ({ id, archived }) => ({ url: `templates/${id}/${archived ? 'archive' : 'unarchive'}/`, method: 'POST' }),
      invalidatesTags: (_r, _e, { id }) => [
        { type: 'Template', id },
        { type: 'Template', id: 'LIST' },
      ],
    }),
    /** The template's versions, newest first, a page at a time. */
    listVersions: build.query<Page<TemplateVersion>, { id: number; page: number }>({
      query: ({ id, page }) => `templates/${id}/versions/${toQuery({ page })}`,
      providesTags: (_r, _e, { id }) => [{ type: 'TemplateVersion', id }],
    }),
    getVersion: build.query<TemplateVersion, { id: number; number: number }>({
      query: ({ id, number }) => `templates/${id}/versions/${number}/`,
    }),
    restoreVersion: build.mutation<TemplateWritten, RestoreRequest & { base_version: number }>({
      query: ({ id, ...body }) => ({ url: `templates/${id}/restore/`, method: 'POST', body }),
      // Not on failure, as for an edit: a 409 is handled by the page.
      invalidatesTags: (_r, error, { id }) => error ? [] : [
        { type: 'Template', id },
        { type: 'Template', id: 'LIST' },
        { type: 'TemplateVersion', id },
      ],
    }),
    previewTemplate: build.mutation<PreviewResult, PreviewRequest>({
      query: ({ id, ...body }) => ({ url: `templates/${id}/preview/`, method: 'POST', body }),
    }),
    importTemplates: build.mutation<ImportReport, { workspace: number; file: File; dryRun?: boolean }>({
      query: ({ workspace, file, dryRun }) => {
        const form = new FormData();
        form.append('workspace', String(workspace));
        form.append('file', file);
        if (dryRun) form.append('dry_run', 'true');
        return { url: 'templates/import/', method: 'POST', body: form };
      },
      invalidatesTags: [{ type: 'Template', id: 'LIST' }],
    }),
  }),
});

export const {
  useListTemplatesQuery,
  useGetTemplateQuery,
  useLazyGetTemplateQuery,
  useCreateTemplateMutation,
  useUpdateTemplateMutation,
  useSetArchivedMutation,
  useListVersionsQuery,
  useGetVersionQuery,
  useRestoreVersionMutation,
  usePreviewTemplateMutation,
  useImportTemplatesMutation,
} = templatesApi;
