import { Box, Button, Chip, Collapse, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';

import { QueryView, SectionCard } from '../../../components';
import type { Schemas } from '../../../lib/apiTypes';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { useCurrentWorkspace } from '../../accounts';
import { useListLabelsQuery } from '../api';
import { labelTarget } from '../describe';
import type { Label } from '../types';
import { LabelHistory } from './LabelHistory';
import { MoveLabelDialog } from './MoveLabelDialog';

type TemplateReleases = Pick<Schemas['Template'], 'id' | 'release_gates'> & { current_version: { number: number } };

/** The template's labels (each pointing at a version or a canary split), moving them, and their history. */
export function LabelsSection({ template }: { template: TemplateReleases }) {
  const intl = useIntl();
  const { can } = useCurrentWorkspace();
  const labels = useListLabelsQuery(template.id);
  const [moving, setMoving] = useState<Label | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const latest = template.current_version.number;

  return (
    <SectionCard
      title={<FormattedMessage id="releases.labels.title" defaultMessage="Labels" />}
      action={
        can('editor') ? (
          <Button size="small" onClick={() => setMoving('new')}>
            <FormattedMessage id="releases.labels.new" defaultMessage="New label" />
          </Button>
        ) : null
      }
    >
      {template.release_gates.map((gate) => (
        <Typography key={`${gate.label}-${gate.dataset}`} variant="body2" color="text.secondary">
          <FormattedMessage
            id="releases.labels.gate"
            defaultMessage="Release gate: {label} needs {rate} of dataset {dataset} to pass."
            values={{ label: gate.label, rate: formatPercent(gate.min_pass_rate), dataset: gate.dataset }}
          />
        </Typography>
      ))}
      <QueryView query={labels} empty={{ title: intl.formatMessage({ id: 'releases.labels.none', defaultMessage: 'No labels yet: generations run the latest version.' }) }}>
        {(rows) => (
          <List dense aria-label={intl.formatMessage({ id: 'releases.labels.aria', defaultMessage: 'Labels' })}>
            {rows.map((label) => (
              <Box key={label.name}>
                <ListItem divider sx={{ flexWrap: 'wrap', gap: 1 }}>
                  <Chip size="small" color={label.name === 'production' ? 'primary' : 'default'} label={label.name} />
                  <ListItemText
                    primary={labelTarget(intl, label)}
                    secondary={intl.formatMessage(
                      { id: 'releases.labels.updated', defaultMessage: 'moved {when} by {who}' },
                      { when: formatDateTime(label.updated_at), who: label.updated_by.email },
                    )}
                    sx={{ minWidth: 160 }}
                  />
                  <Stack direction="row" spacing={0.5}>
                    {can('editor') ? (
                      <Button size="small" onClick={() => setMoving(label)} aria-label={intl.formatMessage({ id: 'releases.labels.moveAria', defaultMessage: 'Move {name}' }, { name: label.name })}>
                        <FormattedMessage id="releases.labels.move" defaultMessage="Move" />
                      </Button>
                    ) : null}
                    <Button
                      size="small"
                      onClick={() => setHistoryOf(historyOf === label.name ? null : label.name)}
                      aria-expanded={historyOf === label.name}
                      aria-label={intl.formatMessage({ id: 'releases.labels.historyAria', defaultMessage: 'History of {name}' }, { name: label.name })}
                    >
                      <FormattedMessage id="releases.labels.history" defaultMessage="History" />
                    </Button>
                  </Stack>
                </ListItem>
                <Collapse in={historyOf === label.name} unmountOnExit>
                  <LabelHistory template={template.id} name={label.name} />
                </Collapse>
              </Box>
            ))}
          </List>
        )}
      </QueryView>
      {moving ? <MoveLabelDialog template={template.id} latest={latest} label={moving === 'new' ? null : moving} onClose={() => setMoving(null)} /> : null}
    </SectionCard>
  );
}
