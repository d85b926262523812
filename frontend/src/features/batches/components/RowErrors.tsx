import { Typography } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { DataTable, type Column } from '../../../components';
import { NO_VALUE } from '../../../lib/format';
import type { RowError } from '../types';

const COLUMNS: Column<RowError>[] = [
  { key: 'row', header: <FormattedMessage id="batches.rowErrors.row" defaultMessage="Row" />, cell: (e) => e.row },
  { key: 'field', header: <FormattedMessage id="batches.rowErrors.field" defaultMessage="Field" />, cell: (e) => e.field ?? NO_VALUE },
  { key: 'message', header: <FormattedMessage id="batches.rowErrors.message" defaultMessage="Message" />, cell: (e) => e.message },
];

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
      <DataTable
        label={intl.formatMessage({ id: 'batches.rowErrors.table', defaultMessage: 'Row errors' })}
        columns={COLUMNS}
        rows={errors.slice(0, limit).map((error, i) => ({ ...error, key: `${error.row}-${error.field}-${i}` }))}
        rowKey={(e) => e.key}
        maxHeight={320}
      />
    </>
  );
}
