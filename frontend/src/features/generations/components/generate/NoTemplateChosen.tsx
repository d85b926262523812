import { Button } from '@mui/material';
import { Link as RouterLink } from 'react-router';

import { EmptyState } from '../../../../components';

/** Before a template is chosen: how to get one when the workspace has none, else what to do. */
export function NoTemplateChosen({ noneYet }: { noneYet: boolean }) {
  if (!noneYet) return <EmptyState title="Pick a template">Its variables become the form.</EmptyState>;
  return (
    <EmptyState
      title="No templates yet"
      action={
        <Button component={RouterLink} to="/templates/new" variant="contained">
          Create a template
        </Button>
      }
    />
  );
}
