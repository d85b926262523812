import { useIntl } from 'react-intl';

import { StatusChip } from '../../../components';
import { STATUS_LABELS, type ContentStatus } from '../types';

/** A status inside a sentence or a chip: its label in lower case ("in review", "em revisão"). */
export function useStatusWord() {
  const intl = useIntl();
  return (status: ContentStatus) => intl.formatMessage(STATUS_LABELS[status]).toLocaleLowerCase(intl.locale);
}

/** An item's status in a chip, worded like every other status chip. */
export function ContentStatusChip({ status }: { status: ContentStatus }) {
  const statusWord = useStatusWord();
  return <StatusChip status={status} label={statusWord(status)} />;
}
