import { Button } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { EmptyState } from '../../../../components';

/** Before a template is chosen: how to get one when the workspace has none, else what to do. */
export function NoTemplateChosen({ noneYet }: { noneYet: boolean }) {
  const intl = useIntl();
  if (!noneYet) {
    return (
      <EmptyState title={intl.formatMessage({ id: 'generations.generate.pickTemplate', defaultMessage: 'Pick a template' })}>
        <FormattedMessage id="generations.generate.pickTemplateHint" defaultMessage="Its variables become the form." />
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title={intl.formatMessage({ id: 'generations.generate.noTemplates', defaultMessage: 'No templates yet' })}
      action={
        <Button component={RouterLink} to="/templates/new" variant="contained">
          <FormattedMessage id="generations.generate.createTemplate" defaultMessage="Create a template" />
        </Button>
      }
    />
  );
}
