import { Button } from '@mui/material';
import { useIntl } from 'react-intl';

import { FormError } from '../../../components';
import { ACTIONS, type ContentItemDetail } from '../types';
import { useAllowedActions, useItemTransition } from '../useItemTransition';

/** One button per transition the item's status allows and the user's role may take. */
export function TransitionButtons({ item, blocked }: { item: ContentItemDetail; blocked: boolean }) {
  const intl = useIntl();
  const actions = useAllowedActions()(item);
  const transition = useItemTransition();
  return (
    <>
      {actions.map((action) => (
        <Button
          key={action}
          variant={action === 'archive' ? 'text' : 'contained'}
          color={action === 'request-changes' ? 'warning' : action === 'archive' ? 'inherit' : 'primary'}
          disabled={transition.busy || blocked}
          title={blocked ? intl.formatMessage({ id: 'content.editor.saveFirst', defaultMessage: 'Save or discard your edits first.' }) : undefined}
          onClick={() => void transition.run(item.id, action)}
        >
          {intl.formatMessage(ACTIONS[action].label)}
        </Button>
      ))}
      {transition.error ? <FormError error={transition.error} /> : null}
      {transition.dialog}
    </>
  );
}
