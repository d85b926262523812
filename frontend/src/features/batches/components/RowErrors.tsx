import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';

import type { RowError } from '../types';

export function RowErrors({ errors, limit = 200 }: { errors: RowError[]; limit?: number }) {
  if (!errors.length) return null;
  return (
    <>
      <Typography variant="subtitle2">
        {errors.length} row error{errors.length === 1 ? '' : 's'}
        {errors.length > limit ? ` (first ${limit} shown)` : ''}
      </Typography>
      <TableContainer sx={{ maxHeight: 320 }}>
        <Table size="small" stickyHeader aria-label="Row errors">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>Field</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {errors.slice(0, limit).map((e, i) => (
              <TableRow key={`${e.row}-${e.field}-${i}`}>
                <TableCell>{e.row}</TableCell>
                <TableCell>{e.field ?? '—'}</TableCell>
                <TableCell>{e.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
