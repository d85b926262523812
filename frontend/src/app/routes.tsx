import { Box, Button, Typography } from '@mui/material';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink, Route, Routes } from 'react-router';

import { ForgotPasswordPage, InvitationPage, ProfilePage, RequireAuth, ResetPasswordPage, SignInPage, SignUpPage } from '../features/accounts';
import { AppShell } from './AppShell';
import { lazyPage } from './lazyPage';

// Each feature's screens are a chunk of their own, loaded on the first visit to one of them: the
// first page a person opens downloads the shell, the sign-in pages and that screen only
// (benchmarks/dashboard.md). The accounts feature stays in the first chunk: the shell needs it.
const features = {
  analytics: () => import('../features/analytics'),
  batches: () => import('../features/batches'),
  compare: () => import('../features/compare'),
  content: () => import('../features/content'),
  generations: () => import('../features/generations'),
  settings: () => import('../features/settings'),
  templates: () => import('../features/templates'),
};
const DashboardPage = lazyPage(() => features.analytics().then((m) => m.DashboardPage));
const AnalyticsPage = lazyPage(() => features.analytics().then((m) => m.AnalyticsPage));
const BatchesPage = lazyPage(() => features.batches().then((m) => m.BatchesPage));
const BatchDetailPage = lazyPage(() => features.batches().then((m) => m.BatchDetailPage));
const ProjectBatches = lazyPage(() => features.batches().then((m) => m.ProjectBatches));
const ComparePage = lazyPage(() => features.compare().then((m) => m.ComparePage));
const ContentPage = lazyPage(() => features.content().then((m) => m.ContentPage));
const ContentEditorPage = lazyPage(() => features.content().then((m) => m.ContentEditorPage));
const ProjectPage = lazyPage(() => features.content().then((m) => m.ProjectPage));
const GeneratePage = lazyPage(() => features.generations().then((m) => m.GeneratePage));
const HistoryPage = lazyPage(() => features.generations().then((m) => m.HistoryPage));
const GenerationDetailPage = lazyPage(() => features.generations().then((m) => m.GenerationDetailPage));
const SettingsPage = lazyPage(() => features.settings().then((m) => m.SettingsPage));
const TemplatesListPage = lazyPage(() => features.templates().then((m) => m.TemplatesListPage));
const TemplateEditorPage = lazyPage(() => features.templates().then((m) => m.TemplateEditorPage));

/** The feature showing each first path segment (`/history/3`: generations). */
const FEATURE_OF_SECTION = new Map<string, keyof typeof features>([
  ['', 'analytics'],
  ['analytics', 'analytics'],
  ['batches', 'batches'],
  ['compare', 'compare'],
  ['content', 'content'],
  ['generate', 'generations'],
  ['history', 'generations'],
  ['settings', 'settings'],
  ['templates', 'templates'],
]);

/**
 * Starts downloading the chunk of the screen at `pathname` now: the app opens there, and the gate
 * (RequireAuth) renders the screen, and so asks for its chunk, only once the account is loaded.
 * With this the chunk comes beside the account, not after it.
 */
export function preloadScreen(pathname: string): void {
  const feature = FEATURE_OF_SECTION.get(pathname.split('/')[1] ?? '');
  // A failure is the screen's own import's to report, when it asks for the chunk again.
  if (feature) features[feature]().catch(() => undefined);
}

function NotFound() {
  return (
    <Box sx={{ py: 6, textAlign: 'center' }}>
      <Typography variant="h1" gutterBottom>
        <FormattedMessage id="app.notFound.title" defaultMessage="Page not found" />
      </Typography>
      <Button component={RouterLink} to="/">
        <FormattedMessage id="app.notFound.home" defaultMessage="Go to the dashboard" />
      </Button>
    </Box>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<SignInPage />} />
      <Route path="/signup" element={<SignUpPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/invite/:token" element={<InvitationPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="templates" element={<TemplatesListPage />} />
        <Route path="templates/new" element={<TemplateEditorPage />} />
        <Route path="templates/:id" element={<TemplateEditorPage />} />
        <Route path="generate" element={<GeneratePage />} />
        <Route path="history" element={<HistoryPage />} />
        <Route path="history/:id" element={<GenerationDetailPage />} />
        <Route path="batches" element={<BatchesPage />} />
        <Route path="batches/:id" element={<BatchDetailPage />} />
        <Route path="compare" element={<ComparePage />} />
        <Route path="content" element={<ContentPage />} />
        <Route path="content/:id" element={<ContentEditorPage />} />
        <Route path="content/projects/:id" element={<ProjectPage batches={ProjectBatches} />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
