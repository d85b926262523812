/** Public API of the batches feature. */
export { BatchDetailPage } from './components/BatchDetailPage';
export { BatchesPage } from './components/BatchesPage';
export { ProjectBatches } from './components/RecentBatches';
