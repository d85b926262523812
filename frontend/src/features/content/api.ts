import { api, NEXT_PAGES, toQuery, type Page } from '../../lib/api';
import type {
  Action,
  BatchSaved,
  Comment,
  ContentCreate,
  ContentItem,
  ContentItemDetail,
  ContentQuery,
  ContentUpdate,
  Project,
  ProjectCreate,
  Revision,
  RevisionDiff,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
} from './types';
import type { AnswerOf } from '../../lib/apiTypes';

type ProjectProgress = AnswerOf<'projects_progress_retrieve'>;
type WebhookWrite = Partial<Pick<Webhook, 'url' | 'events' | 'active'>>;

const ITEM_LIST = { type: 'Content', id: 'LIST' } as const;
/** Revisions or comments per page of an item's history; "Show older" loads the next page. */
const HISTORY_PAGE_SIZE = 100;

export const contentApi = api.injectEndpoints({
  endpoints: (build) => ({
    listContent: build.query<Page<ContentItem>, ContentQuery & { workspace: number }>({
      query: (params) => `content/${toQuery({ ...params })}`,
      providesTags: [ITEM_LIST],
    }),
    getContent: build.query<ContentItemDetail, number>({
      query: (id) => `content/${id}/`,
      providesTags: (_r, _e, id) => [{ type: 'Content', id }],
    }),
    createContent: build.mutation<ContentItemDetail, ContentCreate>({
      query: (body) => ({ url: 'content/', method: 'POST', body }),
      invalidatesTags: [ITEM_LIST, 'Project', 'Generation'],
    }),
    updateContent: build.mutation<ContentItemDetail, { id: number } & ContentUpdate>({
      query: ({ id, ...body }) => ({ url: `content/${id}/`, method: 'PATCH', body }),
      // Not on failure: after a 409 the editor loads the newer revision itself and keeps the draft.
      invalidatesTags: (r, _e, { id }) => (r ? [{ type: 'Content', id }, ITEM_LIST, 'Project'] : []),
    }),
    transitionContent: build.mutation<ContentItemDetail, { id: number; action: Action; comment?: string }>({
      query: ({ id, action, comment = '' }) => ({ url: `content/${id}/${action}/`, method: 'POST', body: { comment } }),
      invalidatesTags: (_r, _e, { id }) => [{ type: 'Content', id }, ITEM_LIST, 'Project'],
    }),
    /** The item's revisions, newest first, a page at a time. */
    listRevisions: build.infiniteQuery<Page<Revision>, number, number>({
      infiniteQueryOptions: NEXT_PAGES,
      query: ({ queryArg: id, pageParam: page }) => `content/${id}/revisions/${toQuery({ page, page_size: HISTORY_PAGE_SIZE })}`,
      providesTags: (_r, _e, id) => [{ type: 'Content', id }],
    }),
    getDiff: build.query<RevisionDiff, { id: number; from?: number; to?: number }>({
      query: ({ id, from, to }) => `content/${id}/diff/${toQuery({ from, to })}`,
      providesTags: (_r, _e, { id }) => [{ type: 'Content', id }],
    }),
    /** The item's thread, newest first, a page at a time. */
    listComments: build.infiniteQuery<Page<Comment>, number, number>({
      infiniteQueryOptions: NEXT_PAGES,
      query: ({ queryArg: id, pageParam: page }) => `content/${id}/comments/${toQuery({ page, page_size: HISTORY_PAGE_SIZE })}`,
      providesTags: (_r, _e, id) => [{ type: 'Content', id }],
    }),
    addComment: build.mutation<Comment, { id: number; body: string }>({
      query: ({ id, body }) => ({ url: `content/${id}/comments/`, method: 'POST', body: { body } }),
      invalidatesTags: (_r, _e, { id }) => [{ type: 'Content', id }],
    }),
    resolveComment: build.mutation<Comment, { id: number; comment: number; resolved: boolean }>({
      query: ({ id, comment, resolved }) => ({ url: `content/${id}/comments/${comment}/resolve/`, method: 'POST', body: { resolved } }),
      invalidatesTags: (_r, _e, { id }) => [{ type: 'Content', id }],
    }),
    saveBatchAsContent: build.mutation<BatchSaved, { batch: number; project?: number | null }>({
      query: ({ batch, project }) => ({ url: `batches/${batch}/save-as-content/`, method: 'POST', body: { project } }),
      invalidatesTags: [ITEM_LIST, 'Project'],
    }),
    listProjects: build.query<Page<Project>, { workspace: number; archived?: 'true' | 'false'; search?: string }>({
      query: (params) => `projects/${toQuery({ ...params })}`,
      providesTags: ['Project'],
    }),
    getProject: build.query<Project, number>({
      query: (id) => `projects/${id}/`,
      providesTags: ['Project'],
    }),
    getProjectProgress: build.query<ProjectProgress, number>({
      query: (id) => `projects/${id}/progress/`,
      providesTags: ['Project'],
    }),
    createProject: build.mutation<Project, ProjectCreate>({
      query: (body) => ({ url: 'projects/', method: 'POST', body }),
      invalidatesTags: ['Project'],
    }),
    listWebhooks: build.query<Page<Webhook>, { workspace: number; page: number }>({
      query: ({ workspace, page }) => `workspaces/${workspace}/webhooks/${toQuery({ page })}`,
      providesTags: ['Webhook'],
    }),
    createWebhook: build.mutation<WebhookCreated, { workspace: number } & WebhookWrite>({
      query: ({ workspace, ...body }) => ({ url: `workspaces/${workspace}/webhooks/`, method: 'POST', body }),
      invalidatesTags: ['Webhook'],
    }),
    updateWebhook: build.mutation<Webhook, { workspace: number; id: number } & WebhookWrite>({
      query: ({ workspace, id, ...body }) => ({ url: `workspaces/${workspace}/webhooks/${id}/`, method: 'PATCH', body }),
      invalidatesTags: ['Webhook'],
    }),
    deleteWebhook: build.mutation<void, { workspace: number; id: number }>({
      query: ({ workspace, id }) => ({ url: `workspaces/${workspace}/webhooks/${id}/`, method: 'DELETE' }),
      invalidatesTags: ['Webhook'],
    }),
    listDeliveries: build.query<Page<WebhookDelivery>, { workspace: number; id: number; page: number }>({
      query: ({ workspace, id, page }) => `workspaces/${workspace}/webhooks/${id}/deliveries/${toQuery({ page })}`,
      providesTags: ['Webhook'],
    }),
    redeliver: build.mutation<WebhookDelivery, { workspace: number; id: number; delivery: number }>({
      query: ({ workspace, id, delivery }) => ({ url: `workspaces/${workspace}/webhooks/${id}/deliveries/${delivery}/redeliver/`, method: 'POST' }),
      invalidatesTags: ['Webhook'],
    }),
  }),
});

export const {
  useListContentQuery,
  useGetContentQuery,
  useLazyGetContentQuery,
  useCreateContentMutation,
  useUpdateContentMutation,
  useTransitionContentMutation,
  useListRevisionsInfiniteQuery,
  useGetDiffQuery,
  useListCommentsInfiniteQuery,
  useAddCommentMutation,
  useResolveCommentMutation,
  useSaveBatchAsContentMutation,
  useListProjectsQuery,
  useGetProjectQuery,
  useGetProjectProgressQuery,
  useCreateProjectMutation,
  useListWebhooksQuery,
  useCreateWebhookMutation,
  useUpdateWebhookMutation,
  useDeleteWebhookMutation,
  useListDeliveriesQuery,
  useRedeliverMutation,
} = contentApi;
