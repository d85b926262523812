/** Public API of the content feature. */
export { ContentPage } from './components/ContentPage';
export { ProjectPage } from './components/ProjectPage';
export { ProjectPicker } from './components/ProjectPicker';
export { SaveBatchAsContent, SaveGenerationAsContent } from './components/SaveAsContent';
export { ContentEditorPage } from './editor/ContentEditorPage';
export { WebhooksPanel } from './webhooks/WebhooksPanel';
