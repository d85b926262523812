import { Stack } from '@mui/material';

import { SaveGenerationAsContent } from '../../content';
import { useGetGenerationQuery } from '../api';
import { FeedbackForm } from './FeedbackForm';

/** An ended generation's rating and "save as content", for screens that show it in part (Compare). */
export function GenerationReview({ id }: { id: number }) {
  const { data: generation } = useGetGenerationQuery(id);
  if (!generation) return null;
  return (
    <Stack spacing={1}>
      <FeedbackForm generation={generation} />
      <SaveGenerationAsContent generation={generation.id} succeeded={generation.status === 'succeeded'} item={generation.content_item} editRatio={generation.content_edit_ratio} />
    </Stack>
  );
}
