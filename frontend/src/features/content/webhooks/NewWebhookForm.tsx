import { Alert, AlertTitle, Box, Button, Checkbox, FormControlLabel, FormGroup, FormLabel, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { CopyButton, FormError } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useCreateWebhookMutation } from '../api';
import { WEBHOOK_EVENTS, type WebhookCreated, type WebhookEvent } from '../types';

/** Add a hook; its signing secret is shown here once, right after it is created. */
export function NewWebhookForm({ workspace }: { workspace: number }) {
  const intl = useIntl();
  const [create, { isLoading }] = useCreateWebhookMutation();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['content.approved', 'content.published']);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const toggle = (event: WebhookEvent) => setEvents(events.includes(event) ? events.filter((e) => e !== event) : [...events, event]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await create({ workspace, url, events, active: true }).unwrap());
      setUrl('');
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Stack component="form" onSubmit={submit} spacing={1.5} aria-label={intl.formatMessage({ id: 'content.webhooks.new', defaultMessage: 'New webhook' })}>
      <Typography variant="h3" component="h3">
        <FormattedMessage id="content.webhooks.addTitle" defaultMessage="Add a webhook" />
      </Typography>
      {created ? (
        <Alert severity="success" onClose={() => setCreated(null)}>
          <AlertTitle>
            <FormattedMessage id="content.webhooks.added" defaultMessage="Webhook added. Copy its signing secret now: it is not shown again." />
          </AlertTitle>
          <Box component="code" sx={{ wordBreak: 'break-all' }} aria-label={intl.formatMessage({ id: 'content.webhooks.secret', defaultMessage: 'Signing secret' })}>
            {created.secret}
          </Box>
          <CopyButton text={created.secret} label={intl.formatMessage({ id: 'content.webhooks.copySecret', defaultMessage: 'Copy secret' })} />
        </Alert>
      ) : null}
      <FormError error={error} shownFields={['url', 'events']} />
      <TextField label={intl.formatMessage({ id: 'content.webhooks.url', defaultMessage: 'URL' })} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required error={Boolean(error?.fields.url)} helperText={error?.fields.url?.join(' ') ?? intl.formatMessage({ id: 'content.webhooks.urlHelp', defaultMessage: 'A public https address; each delivery is signed (X-AIAgency-Signature).' })} />
      <FormGroup aria-label={intl.formatMessage({ id: 'content.webhooks.events', defaultMessage: 'Events' })}>
        <FormLabel error={Boolean(error?.fields.events)}>
          {error?.fields.events ? (
            <FormattedMessage id="content.webhooks.eventsError" defaultMessage="Events: {error}" values={{ error: error.fields.events.join(' ') }} />
          ) : (
            <FormattedMessage id="content.webhooks.eventsLabel" defaultMessage="Events" />
          )}
        </FormLabel>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
          {WEBHOOK_EVENTS.map((event) => (
            <FormControlLabel key={event} control={<Checkbox checked={events.includes(event)} onChange={() => toggle(event)} />} label={event} />
          ))}
        </Box>
      </FormGroup>
      <Box>
        <Button type="submit" variant="contained" disabled={isLoading || !url || !events.length}>
          <FormattedMessage id="content.webhooks.add" defaultMessage="Add webhook" />
        </Button>
      </Box>
    </Stack>
  );
}
