/** The content feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import type { Role } from '../../config/constants';
import type { AnswerOf, BodyOf, QueryOf, Schemas } from '../../lib/apiTypes';

export type ContentItem = Schemas['ContentItem'];
export type ContentItemDetail = Schemas['ContentItemDetail'];
export type ContentStatus = Schemas['ContentStatusEnum'];
export type ContentQuery = QueryOf<'content_list'>;
export type ContentCreate = BodyOf<'content_create'>;
export type ContentUpdate = BodyOf<'content_partial_update'>;
export type Project = Schemas['Project'];
export type ProjectCreate = BodyOf<'projects_create'>;
export type Revision = Schemas['Revision'];
export type RevisionDiff = Schemas['RevisionDiff'];
export type Comment = Schemas['Comment'];
export type BatchSaved = AnswerOf<'batches_save_as_content_create'>;
export type Webhook = Schemas['Webhook'];
export type WebhookCreated = Schemas['WebhookCreated'];
export type WebhookEvent = Schemas['EventsEnum'];
export type WebhookDelivery = Schemas['WebhookDelivery'];

export const STATUSES: readonly ContentStatus[] = ['draft', 'in_review', 'changes_requested', 'approved', 'published', 'archived'];

export const STATUS_LABELS: Record<ContentStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Published',
  archived: 'Archived',
};

/** A transition as the API names its action (`request-changes/`). */
export type Action = 'submit' | 'approve' | 'request-changes' | 'publish' | 'archive' | 'reopen';

export interface ActionInfo {
  label: string;
  target: ContentStatus;
  /** The least role that may take it (the server checks again). */
  role: Role;
  needsComment?: boolean;
}

export const ACTIONS: Record<Action, ActionInfo> = {
  submit: { label: 'Submit for review', target: 'in_review', role: 'editor' },
  approve: { label: 'Approve', target: 'approved', role: 'reviewer' },
  'request-changes': { label: 'Request changes', target: 'changes_requested', role: 'reviewer', needsComment: true },
  publish: { label: 'Publish', target: 'published', role: 'reviewer' },
  archive: { label: 'Archive', target: 'archived', role: 'editor' },
  reopen: { label: 'Reopen as draft', target: 'draft', role: 'admin' },
};

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'content.submitted',
  'content.changes_requested',
  'content.approved',
  'content.published',
  'batch.finished',
  'generation.failed',
];

export const ITEM_FORMATS = ['md', 'html', 'docx'] as const;
export const LIST_FORMATS = ['zip', 'csv', 'jsonl'] as const;
