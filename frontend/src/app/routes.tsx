import { Box, Button, Typography } from '@mui/material';
import { FormattedMessage } from 'react-intl';
import { Link as RouterLink, matchPath, Route, Routes } from 'react-router';

import { ForgotPasswordPage, InvitationPage, ProfilePage, RequireAuth, ResetPasswordPage, SignInPage, SignUpPage } from '../features/accounts';
import { selectIsSignedIn } from '../lib/session';
import { AppShell } from './AppShell';
import { featureChunk, lazyPage } from './lazyPage';
import type { AppDispatch, RootState } from './store';

// Each feature's screens are a chunk of their own, loaded on the first visit to one of them: the
// first page a person opens downloads the shell, the sign-in pages and that screen only
// (benchmarks/dashboard.md). The accounts feature stays in the first chunk: the shell needs it.
const features = {
  analytics: featureChunk(() => import('../features/analytics')),
  batches: featureChunk(() => import('../features/batches')),
  compare: featureChunk(() => import('../features/compare')),
  content: featureChunk(() => import('../features/content')),
  generations: featureChunk(() => import('../features/generations')),
  settings: featureChunk(() => import('../features/settings')),
  templates: featureChunk(() => import('../features/templates')),
};
const DashboardPage = lazyPage(features.analytics, (m) => m.DashboardPage);
const AnalyticsPage = lazyPage(features.analytics, (m) => m.AnalyticsPage);
const BatchesPage = lazyPage(features.batches, (m) => m.BatchesPage);
const BatchDetailPage = lazyPage(features.batches, (m) => m.BatchDetailPage);
const ProjectBatches = lazyPage(features.batches, (m) => m.ProjectBatches);
const ComparePage = lazyPage(features.compare, (m) => m.ComparePage);
const ContentPage = lazyPage(features.content, (m) => m.ContentPage);
const ContentEditorPage = lazyPage(features.content, (m) => m.ContentEditorPage);
const ProjectPage = lazyPage(features.content, (m) => m.ProjectPage);
const GeneratePage = lazyPage(features.generations, (m) => m.GeneratePage);
const HistoryPage = lazyPage(features.generations, (m) => m.HistoryPage);
const GenerationDetailPage = lazyPage(features.generations, (m) => m.GenerationDetailPage);
const SettingsPage = lazyPage(features.settings, (m) => m.SettingsPage);
const TemplatesListPage = lazyPage(features.templates, (m) => m.TemplatesListPage);
const TemplateEditorPage = lazyPage(features.templates, (m) => m.TemplateEditorPage);

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
 * Starts downloading the chunk of the screen at `pathname` now, before the first render, and with
 * it the data of a screen whose URL alone names it (the template editor's). For a signed-in
 * person, resolves once the chunk is here (or failed to come: the screen's own import reports
 * that when it asks again); at once for anybody else, whom the gate sends to the sign-in page.
 */
export const preloadScreen = (pathname: string) => (dispatch: AppDispatch, getState: () => RootState): Promise<void> => {
  const feature = FEATURE_OF_SECTION.get(pathname.split('/')[1] ?? '');
  const chunk = feature ? features[feature].load().then(() => undefined, () => undefined) : Promise.resolve();
  if (!selectIsSignedIn(getState())) return Promise.resolve();
  const templateId = matchPath('/templates/:id', pathname)?.params.id;
  if (templateId && /^\d+$/.test(templateId)) {
    features.templates.load().then((m) => dispatch(m.prefetchTemplateEditor(Number(templateId))), () => undefined);
  }
  return chunk;
};

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
