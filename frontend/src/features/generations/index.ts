/** Public API of the generations feature. */
export { GenerationDetailPage } from './components/GenerationDetailPage';
export { GenerationReview } from './components/GenerationReview';
export { GeneratePage } from './components/GeneratePage';
export { HistoryPage } from './components/HistoryPage';
export type { Generation, GenerationStatus } from './types';
