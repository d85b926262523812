import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { NO_VALUE } from '../../../lib/format';
import type { RowError } from '../types';

export function RowErrors({ errors, limit = 200 }: { errors: RowError[]; limit?: number }) {
  const intl = useIntl();
  if (!errors.length) return null;
  return (
    <>
      <Typography variant="subtitle2">
        <FormattedMessage
          id="batches.rowErrors.count"
          defaultMessage="{count, plural, one {# row error} other {# row errors}}"
          values={{ count: errors.length }}
        />
        {errors.length > limit ? (
          <>
            {' '}
            <FormattedMessage id="batches.rowErrors.firstShown" defaultMessage="(first {limit} shown)" values={{ limit }} />
          </>
        ) : null}
      </Typography>
      <TableContainer sx={{ maxHeight: 320 }}>
        <Table size="small" stickyHeader aria-label={intl.formatMessage({ id: 'batches.rowErrors.table', defaultMessage: 'Row errors' })}>
          <TableHead>
            <TableRow>
              <TableCell>
                <FormattedMessage id="batches.rowErrors.row" defaultMessage="Row" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="batches.rowErrors.field" defaultMessage="Field" />
              </TableCell>
              <TableCell>
                <FormattedMessage id="batches.rowErrors.message" defaultMessage="Message" />
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {errors.slice(0, limit).map((e, i) => (
              <TableRow key={`${e.row}-${e.field}-${i}`}>
                <TableCell>{e.row}</TableCell>
                <TableCell>{e.field ?? NO_VALUE}</TableCell>
                <TableCell>{e.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
