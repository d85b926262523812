import { Box, Button, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { Link as RouterLink, useParams } from 'react-router';

import { ErrorState, LoadingState, PageHeader } from '../../../components';
import { formatNumber } from '../../../lib/format';
import { useGetProjectProgressQuery, useGetProjectQuery } from '../api';
import { STATUSES, STATUS_LABELS } from '../types';

/** Whole days from today to `due` (negative: overdue). */
function daysUntil(due: string): number {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return Math.round((new Date(`${due}T00:00:00`).getTime() - today.getTime()) / 86_400_000);
}

function dueText(due: string | null | undefined): string {
  if (!due) return 'No due date';
  const days = daysUntil(due);
  if (days < 0) return `Due ${due} · ${-days} days overdue`;
  return days === 0 ? `Due ${due} · today` : `Due ${due} · in ${days} days`;
}

/** `batches` lists the project's batches (given by the routes: the batches feature imports this one). */
export function ProjectPage({ batches: Batches }: { batches?: ComponentType<{ project: number }> }) {
  const id = Number(useParams().id);
  const project = useGetProjectQuery(id);
  const progress = useGetProjectProgressQuery(id);
  if (project.isLoading || progress.isLoading) return <LoadingState label="Loading project…" />;
  if (!project.data || !progress.data) return <ErrorState error={project.error ?? progress.error} title="Could not load this project" onRetry={project.refetch} />;

  const counts = progress.data.items;
  const live = STATUSES.filter((s) => s !== 'archived').reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const done = (counts.approved ?? 0) + (counts.published ?? 0);
  const percent = live ? Math.round((done / live) * 100) : 0;
  const p = project.data;

  return (
    <Box>
      <PageHeader
        title={p.name}
        subtitle={`${dueText(progress.data.due_date)}${p.archived ? ' · archived' : ''}`}
        actions={
          <>
            <Button component={RouterLink} to={`/content?project=${p.id}`}>
              Board
            </Button>
            <Button component={RouterLink} to={`/content?project=${p.id}&view=table`}>
              Table
            </Button>
          </>
        }
      />
      <Card>
        <CardContent>
          <Stack spacing={2}>
            {p.description ? <Typography>{p.description}</Typography> : null}
            <Box>
              <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                <Typography>
                  {formatNumber(done)} of {formatNumber(live)} items approved or published
                </Typography>
                <Typography>{percent}%</Typography>
              </Stack>
              <LinearProgress variant="determinate" value={percent} aria-label="Project progress" sx={{ height: 10, borderRadius: 5, mt: 1 }} />
            </Box>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} aria-label="Items per status">
              {STATUSES.map((s) => (
                <Chip key={s} variant="outlined" component={RouterLink} to={`/content?project=${p.id}&view=table&status=${s}`} clickable label={`${STATUS_LABELS[s]}: ${counts[s] ?? 0}`} />
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
