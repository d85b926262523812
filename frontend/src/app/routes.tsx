import { Box, Button, Typography } from '@mui/material';
import { Link as RouterLink, Route, Routes } from 'react-router';

import { ForgotPasswordPage, InvitationPage, ProfilePage, RequireAuth, ResetPasswordPage, SignInPage, SignUpPage } from '../features/accounts';
import { AnalyticsPage, DashboardPage } from '../features/analytics';
import { BatchDetailPage, BatchesPage } from '../features/batches';
import { ComparePage } from '../features/compare';
import { ContentEditorPage, ContentPage, ProjectPage } from '../features/content';
import { GenerationDetailPage, GeneratePage, HistoryPage } from '../features/generations';
import { SettingsPage } from '../features/settings';
import { TemplateEditorPage, TemplatesListPage } from '../features/templates';
import { AppShell } from './AppShell';

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
        <Route path="compare" element={<ComparePage />} />
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
