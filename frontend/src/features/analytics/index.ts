/** Public API of the analytics feature. */
export { AnalyticsPage } from './components/AnalyticsPage';
export { DashboardPage } from './components/DashboardPage';
export { TemplateQuality } from './components/TemplateQuality';
