import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { ErrorState, LoadingState, ShownOfCount } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { useLabelHistoryQuery } from '../api';
import { armsText } from '../describe';

/** Every move of one label, newest first: who, when, from, to, why, and whether it was forced. */
export function LabelHistory({ template, name }: { template: number; name: string }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useLabelHistoryQuery({ template, name });
  if (isLoading) return <LoadingState />;
  if (error || !data) return <ErrorState error={error} onRetry={refetch} />;
  return (
    <>
      <List dense aria-label={intl.formatMessage({ id: 'releases.history.aria', defaultMessage: 'History of {name}' }, { name })}>
        {data.results.map((move) => {
          const to = move.to_versions.length ? armsText(intl, move.to_versions) : null;
          const from = move.from_versions.length ? armsText(intl, move.from_versions) : null;
          const who = move.user.email;
          return (
            <ListItem key={move.id} divider>
              <ListItemText
                primary={
                  to === null ? (
                    <FormattedMessage id="releases.history.deleted" defaultMessage="Deleted (was {from})" values={{ from }} />
                  ) : from === null ? (
                    <FormattedMessage id="releases.history.created" defaultMessage="Created on {to}" values={{ to }} />
                  ) : (
                    <FormattedMessage id="releases.history.moved" defaultMessage="{from} → {to}" values={{ from, to }} />
                  )
                }
                secondary={
                  <>
                    <FormattedMessage
                      id="releases.history.by"
                      defaultMessage="{when} by {who}{forced, select, true { · forced} other {}}"
                      values={{ when: formatDateTime(move.created_at), who, forced: String(move.forced) }}
                    />
                    {move.reason ? (
                      <Typography component="span" variant="body2" sx={{ display: 'block' }}>
                        {move.reason}
                      </Typography>
                    ) : null}
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
      <ShownOfCount shown={data.results.length} count={data.count} />
    </>
  );
}
