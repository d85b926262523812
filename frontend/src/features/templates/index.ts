/** Public API of the templates feature. */
export { useGetTemplateQuery, useListTemplatesQuery } from './api';
export { TemplateEditorPage } from './components/TemplateEditorPage';
export { prefetchTemplateEditor } from './prefetch';
export { TemplatePicker } from './components/TemplatePicker';
export { TemplatesListPage } from './components/TemplatesListPage';
export { useTemplateSearch, type TemplateSearch } from './useTemplateSearch';
export { VariableInputs } from './components/VariableInputs';
export type { Template, TemplateVariable, TemplateVersion, VariableType } from './types';
export {
  initialValues,
  toPayload,
  validateValues,
  variableErrorsFromApi,
  variableFieldNames,
  type VariableFormValues,
} from './variables';
