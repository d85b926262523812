import { Box, Button, Rating, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { FormError } from '../../../components';
import { fieldMessage, toApiError, type ApiError } from '../../../lib/errors';
import { useSendFeedbackMutation } from '../api';
import type { Generation } from '../types';

/** The caller's own rating of a generation (1-5) with an optional comment, beside everyone's average. */
export function FeedbackForm({ generation }: { generation: Generation }) {
  const intl = useIntl();
  const { id } = generation;
  const [value, setValue] = useState<number | null>(generation.my_rating?.rating ?? null);
  const [text, setText] = useState(generation.my_rating?.feedback ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // The answer carries the new average: the Generate page holds its generation locally.
  const [send, { isLoading, data: rated }] = useSendFeedbackMutation();
  const { rating_average: average, rating_count: count } = rated ?? generation;
  const submit = async () => {
    if (!value) return;
    setError(null);
    setSaved(false);
    try {
      await send({ id, rating: value, feedback: text }).unwrap();
      setSaved(true);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography component="legend" variant="body2" id={`rating-${id}`}>
          <FormattedMessage id="generations.feedback.yourRating" defaultMessage="Your rating" />
        </Typography>
        <Rating name={`rating-${id}`} value={value} onChange={(_e, v) => { setValue(v); setSaved(false); }} aria-labelledby={`rating-${id}`} />
        <Typography variant="body2" color="text.secondary" aria-label={intl.formatMessage({ id: 'generations.feedback.averageLabel', defaultMessage: 'Average rating' })}>
          {count ? (
            <FormattedMessage
              id="generations.feedback.average"
              defaultMessage="{count, plural, one {Average {average, number, ::.0} from # rating} other {Average {average, number, ::.0} from # ratings}}"
              values={{ count, average: average ?? 0 }}
            />
          ) : (
            <FormattedMessage id="generations.feedback.noRatings" defaultMessage="No ratings yet" />
          )}
        </Typography>
      </Stack>
      <TextField label={intl.formatMessage({ id: 'generations.feedback.comment', defaultMessage: 'Feedback (optional)' })} value={text} onChange={(e) => { setText(e.target.value); setSaved(false); }} multiline minRows={1} error={Boolean(fieldMessage(error, 'feedback'))} helperText={fieldMessage(error, 'feedback') ?? fieldMessage(error, 'rating')} />
      <FormError error={error} shownFields={['feedback', 'rating']} />
      <Box>
        <Button size="small" variant="outlined" onClick={submit} disabled={!value || isLoading}>
          {saved ? (
            <FormattedMessage id="generations.feedback.saved" defaultMessage="Saved" />
          ) : (
            <FormattedMessage id="generations.feedback.send" defaultMessage="Send rating" />
          )}
        </Button>
      </Box>
    </Stack>
  );
}
