import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Link as RouterLink, useParams } from 'react-router';

import { ErrorState, LoadingState, PageHeader, ProgressSummary } from '../../../components';
import { formatDay, formatNumber } from '../../../lib/format';
import { useGetProjectProgressQuery, useGetProjectQuery } from '../api';
import { STATUSES, STATUS_LABELS } from '../types';

/** Whole days from today to `due` (negative: overdue). */
function daysUntil(due: string): number {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return Math.round((new Date(`${due}T00:00:00`).getTime() - today.getTime()) / 86_400_000);
}

function dueText(intl: IntlShape, due: string | null | undefined): string {
  if (!due) return intl.formatMessage({ id: 'content.project.noDueDate', defaultMessage: 'No due date' });
  const days = daysUntil(due);
  const values = { due: formatDay(due), days: Math.abs(days) };
  if (days < 0) return intl.formatMessage({ id: 'content.project.overdue', defaultMessage: 'Due {due} · {days, plural, one {# day overdue} other {# days overdue}}' }, values);
  if (days === 0) return intl.formatMessage({ id: 'content.project.dueToday', defaultMessage: 'Due {due} · today' }, values);
  return intl.formatMessage({ id: 'content.project.dueIn', defaultMessage: 'Due {due} · in {days, plural, one {# day} other {# days}}' }, values);
}

/** `batches` lists the project's batches (given by the routes: the batches feature imports this one). */
export function ProjectPage({ batches: Batches }: { batches?: ComponentType<{ project: number }> }) {
  const intl = useIntl();
  const id = Number(useParams().id);
  const project = useGetProjectQuery(id);
  const progress = useGetProjectProgressQuery(id);
  if (project.isLoading || progress.isLoading) return <LoadingState label={intl.formatMessage({ id: 'content.project.loading', defaultMessage: 'Loading project…' })} />;
  if (!project.data || !progress.data) return <ErrorState error={project.error ?? progress.error} title={intl.formatMessage({ id: 'content.project.error', defaultMessage: 'Could not load this project' })} onRetry={project.refetch} />;

  const counts = progress.data.items;
  const live = STATUSES.filter((s) => s !== 'archived').reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const done = (counts.approved ?? 0) + (counts.published ?? 0);
  const ratio = live ? done / live : 0;
  const p = project.data;

  return (
    <Box>
      <PageHeader
        title={p.name}
        subtitle={
          p.archived
            ? intl.formatMessage({ id: 'content.project.archived', defaultMessage: '{due} · archived' }, { due: dueText(intl, progress.data.due_date) })
            : dueText(intl, progress.data.due_date)
        }
        actions={
          <>
            <Button component={RouterLink} to={`/content?project=${p.id}`}>
              <FormattedMessage id="content.project.board" defaultMessage="Board" />
            </Button>
            <Button component={RouterLink} to={`/content?project=${p.id}&view=table`}>
              <FormattedMessage id="content.project.table" defaultMessage="Table" />
            </Button>
          </>
        }
      />
      <Card>
        <CardContent>
          <Stack spacing={2}>
            {p.description ? <Typography>{p.description}</Typography> : null}
            <ProgressSummary
              done={<FormattedMessage id="content.project.progress" defaultMessage="{done} of {live, plural, one {# item} other {# items}} approved or published" values={{ done: formatNumber(done), live }} />}
              ratio={ratio}
              label={intl.formatMessage({ id: 'content.project.progressLabel', defaultMessage: 'Project progress' })}
            />
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} aria-label={intl.formatMessage({ id: 'content.project.perStatus', defaultMessage: 'Items per status' })}>
              {STATUSES.map((s) => (
                <Chip key={s} variant="outlined" component={RouterLink} to={`/content?project=${p.id}&view=table&status=${s}`} clickable label={intl.formatMessage({ id: 'content.project.statusCount', defaultMessage: '{status}: {count, number}' }, { status: intl.formatMessage(STATUS_LABELS[s]), count: counts[s] ?? 0 })} />
              ))}
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      {Batches ? (
        <Box sx={{ mt: 2 }}>
          <Batches project={p.id} />
        </Box>
      ) : null}
    </Box>
  );
}
