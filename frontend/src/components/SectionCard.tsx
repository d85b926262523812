/** A titled card, one section of a page: its heading (h2, optionally set smaller), an optional action beside it, then its content. */
import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

export function SectionCard({
  title,
  action,
  small = false,
  spacing,
  children,
}: {
  title: ReactNode;
  /** Beside the heading, at the card's right edge (a button). */
  action?: ReactNode;
  /** The heading in the h3 size (a side panel's card). */
  small?: boolean;
  /** Stack the heading and the children at this gap; without it, the children follow the heading's bottom margin. */
  spacing?: number;
  children: ReactNode;
}) {
  let heading = (
    <Typography variant={small ? 'h3' : 'h2'} component="h2" gutterBottom={spacing === undefined}>
      {title}
    </Typography>
  );
  if (action) {
    heading = (
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        {heading}
        {action}
      </Stack>
    );
  }
  return (
    <Card>
      <CardContent>
        {spacing === undefined ? (
          <>
            {heading}
            {children}
          </>
        ) : (
          <Stack spacing={spacing}>
            {heading}
            {children}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
