import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { QueryView } from '../../../components';
import { formatDateTime } from '../../../lib/format';
import { usePage } from '../../../lib/hooks';
import { useLabelHistoryQuery } from '../api';
import { armsText } from '../describe';

/** Every move of one label, newest first, a page at a time: who, when, from, to, why, and whether it was forced. */
export function LabelHistory({ template, name }: { template: number; name: string }) {
  const intl = useIntl();
  const list = usePage(`${template}/${name}`);
  const history = useLabelHistoryQuery({ template, name, page: list.page });
  return (
    <QueryView query={history} list={list} empty={{ title: intl.formatMessage({ id: 'releases.history.empty', defaultMessage: 'No moves recorded' }) }}>
      {(rows, footer) => (
        <>
          <List dense aria-label={intl.formatMessage({ id: 'releases.history.aria', defaultMessage: 'History of {name}' }, { name })}>
            {rows.map((move) => {
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
          {footer}
        </>
      )}
    </QueryView>
  );
}
