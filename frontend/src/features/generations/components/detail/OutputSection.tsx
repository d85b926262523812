import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, Typography } from '@mui/material';
import { FormattedMessage } from 'react-intl';

import { MarkdownOutput, SectionCard, useStatusLabel } from '../../../../components';
import { saveText } from '../../../../lib/download';
import type { Generation } from '../../types';
import { FallbackNotice } from '../FallbackNotice';
import { FeedbackForm } from '../FeedbackForm';
import { GenerationStats } from '../GenerationStats';

export function OutputSection({ generation: g, active }: { generation: Generation; active: boolean }) {
  const statusLabel = useStatusLabel();
  return (
    <SectionCard title={<FormattedMessage id="generations.output.title" defaultMessage="Output" />} spacing={1.5}>
      <GenerationStats generation={g} />
      <FallbackNotice generation={g} />
      {active ? (
        <Alert severity="info">
          <FormattedMessage
            id="generations.detail.active"
            defaultMessage="This generation is {status}; the page refreshes until it finishes."
            values={{ status: statusLabel(g.status) }}
          />
        </Alert>
      ) : null}
      {g.error ? (
        <Alert severity="error">
          <Box component="pre" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>
            {g.error}
          </Box>
        </Alert>
      ) : null}
      {g.output ? (
        <MarkdownOutput
          text={g.output}
          maxHeight={480}
          actions={
            <Button size="small" startIcon={<DownloadIcon />} onClick={() => saveText(g.output, `generation-${g.id}.md`)}>
              <FormattedMessage id="generations.output.download" defaultMessage="Download" />
            </Button>
          }
        />
      ) : !active && !g.error ? (
        <Typography color="text.secondary">
          <FormattedMessage id="generations.detail.noOutput" defaultMessage="No output." />
        </Typography>
      ) : null}
      {g.status === 'succeeded' ? <FeedbackForm generation={g} /> : null}
    </SectionCard>
  );
}
