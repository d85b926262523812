export { ConfirmDialog } from './ConfirmDialog';
export { CopyButton } from './CopyButton';
export type { Column } from './DataTable';
export { PageHeader } from './PageHeader';
export { QueryTable } from './QueryTable';
export { EmptyState, ErrorState, FormError, LoadingState } from './states';
export { StatusChip } from './StatusChip';
export { UnsavedChangesGuard, type SavedNavigation } from './UnsavedChangesGuard';
export { MarkdownOutput } from './MarkdownOutput';
