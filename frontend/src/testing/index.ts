export { answer, sseAnswer } from './answers';
export * from './fixtures';
export { renderWithProviders, signedInSession } from './render';
export { API, apiError, server, serveBodies, serveManyProjects, serveManyTemplates, servePages, serveQueries } from './server';
export { typeAndChooseTemplate } from './templatePicker';
