/** Public API of the releases feature: labels, gated promotion, and the version a run uses. */
export { LabelPicker, releaseFields } from './components/LabelPicker';
export { LabelsSection } from './components/LabelsSection';
export { VersionAnalytics } from './components/VersionAnalytics';
export { PromoteButton } from './components/PromoteButton';
export { VersionRun } from './components/VersionRun';
export { prefetchReleases } from './api';
export type { Release } from './types';
