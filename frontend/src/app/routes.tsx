import { Box, Button, Typography } from '@mui/material';
import { Link as RouterLink, Route, Routes } from 'react-router';

import { ForgotPasswordPage, InvitationPage, ProfilePage, RequireAuth, ResetPasswordPage, SignInPage, SignUpPage } from '../features/accounts';
import { AppShell } from './AppShell';
import { lazyPage } from './lazyPage';

// Each feature's screens are a chunk of their own, loaded on the first visit to one of them: the
// first page a person opens downloads the shell, the sign-in pages and that screen only
// (benchmarks/dashboard.md). The accounts feature stays in the first chunk: the shell needs it.
const DashboardPage = lazyPage(() => import('../features/analytics'), 'DashboardPage');
const AnalyticsPage = lazyPage(() => import('../features/analytics'), 'AnalyticsPage');
const BatchesPage = lazyPage(() => import('../features/batches'), 'BatchesPage');
const BatchDetailPage = lazyPage(() => import('../features/batches'), 'BatchDetailPage');
const ContentPage = lazyPage(() => import('../features/content'), 'ContentPage');
const ContentEditorPage = lazyPage(() => import('../features/content'), 'ContentEditorPage');
const ProjectPage = lazyPage(() => import('../features/content'), 'ProjectPage');
const GeneratePage = lazyPage(() => import('../features/generations'), 'GeneratePage');
const HistoryPage = lazyPage(() => import('../features/generations'), 'HistoryPage');
const GenerationDetailPage = lazyPage(() => import('../features/generations'), 'GenerationDetailPage');
const SettingsPage = lazyPage(() => import('../features/settings'), 'SettingsPage');
const TemplatesListPage = lazyPage(() => import('../features/templates'), 'TemplatesListPage');
const TemplateEditorPage = lazyPage(() => import('../features/templates'), 'TemplateEditorPage');

function NotFound() {
  return (
    <Box sx={{ py: 6, textAlign: 'center' }}>
      <Typography variant="h1" gutterBottom>
        Page not found
      </Typography>
      <Button component={RouterLink} to="/">
        Go to the dashboard
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
        <Route path="content" element={<ContentPage />} />
        <Route path="content/:id" element={<ContentEditorPage />} />
        <Route path="content/projects/:id" element={<ProjectPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
