import { Card, CardContent, List, ListItem, ListItemText, Typography } from '@mui/material';

import { formatDateTime, formatPercent } from '../../../lib/format';
import type { Revision } from '../types';

/** `r3 · ana@example.com`; revision 1 is the AI's text. */
export function revisionLabel(r: Revision): string {
  return `r${r.number} · ${r.number === 1 ? 'the AI’s original' : (r.author?.email ?? 'unknown')}`;
}

export function RevisionList({ revisions }: { revisions: Revision[] }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          Revisions
        </Typography>
        <List dense aria-label="Revisions" sx={{ maxHeight: 300, overflow: 'auto' }}>
          {revisions.map((r) => (
            <ListItem key={r.number} disableGutters>
              <ListItemText
                primary={revisionLabel(r)}
                secondary={`${formatDateTime(r.created_at)} · edited ${formatPercent(r.edit_ratio)}`}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}
