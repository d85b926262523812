export { ConfirmDialog } from './ConfirmDialog';
export { CopyButton } from './CopyButton';
export { PageHeader } from './PageHeader';
export { EmptyState, ErrorState, FormError, LoadingState } from './states';
export { StatusChip, useStatusLabel } from './StatusChip';
export { UnsavedChangesGuard, type SavedNavigation } from './UnsavedChangesGuard';
export { MarkdownOutput } from './MarkdownOutput';
