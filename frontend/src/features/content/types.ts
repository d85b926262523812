/** The content feature's API types: aliases of the generated schema (`lib/schema.d.ts`). */
import { defineMessage, defineMessages, type MessageDescriptor } from 'react-intl';

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

export const STATUS_LABELS: Record<ContentStatus, MessageDescriptor> = defineMessages({
  draft: { id: 'content.status.draft', defaultMessage: 'Draft' },
  in_review: { id: 'content.status.inReview', defaultMessage: 'In review' },
  changes_requested: { id: 'content.status.changesRequested', defaultMessage: 'Changes requested' },
  approved: { id: 'content.status.approved', defaultMessage: 'Approved' },
  published: { id: 'content.status.published', defaultMessage: 'Published' },
  archived: { id: 'content.status.archived', defaultMessage: 'Archived' },
});

export const ITEM_TEXT: Record<'untitled' | 'revision' | 'unknownAuthor', MessageDescriptor> = defineMessages({
  /** An item without a title. */
  untitled: { id: 'content.item.untitled', defaultMessage: 'Item #{id}' },
  /** A revision's number, short: `r3`. */
  revision: { id: 'content.item.revision', defaultMessage: 'r{revision}' },
  /** A comment's or a revision's author whose account is gone. */
  unknownAuthor: { id: 'content.item.unknownAuthor', defaultMessage: 'unknown' },
});

/** A transition as the API names its action (`request-changes/`). */
export type Action = 'submit' | 'approve' | 'request-changes' | 'publish' | 'archive' | 'reopen';

export interface ActionInfo {
  label: MessageDescriptor;
  target: ContentStatus;
  /** The least role that may take it (the server checks again). */
  role: Role;
  needsComment?: boolean;
}

export const ACTIONS: Record<Action, ActionInfo> = {
  submit: { label: defineMessage({ id: 'content.action.submit', defaultMessage: 'Submit for review' }), target: 'in_review', role: 'editor' },
  approve: { label: defineMessage({ id: 'content.action.approve', defaultMessage: 'Approve' }), target: 'approved', role: 'reviewer' },
  'request-changes': { label: defineMessage({ id: 'content.action.requestChanges', defaultMessage: 'Request changes' }), target: 'changes_requested', role: 'reviewer', needsComment: true },
  publish: { label: defineMessage({ id: 'content.action.publish', defaultMessage: 'Publish' }), target: 'published', role: 'reviewer' },
  archive: { label: defineMessage({ id: 'content.action.archive', defaultMessage: 'Archive' }), target: 'archived', role: 'editor' },
  reopen: { label: defineMessage({ id: 'content.action.reopen', defaultMessage: 'Reopen as draft' }), target: 'draft', role: 'admin' },
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
