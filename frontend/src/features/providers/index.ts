/** Public API of the providers feature: the catalogue with prices and health, and credentials. */
export { useListProvidersQuery } from './api';
export { ProviderLabel } from './components/ProviderLabel';
export { ProviderModelPicker, type ProviderChoice } from './components/ProviderModelPicker';
export { ProvidersPanel } from './components/ProvidersPanel';
export type { Provider, ProviderModel } from './types';
