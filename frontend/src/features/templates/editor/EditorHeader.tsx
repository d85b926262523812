import ArchiveOutlinedIcon from '@mui/icons-material/ArchiveOutlined';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import UnarchiveOutlinedIcon from '@mui/icons-material/UnarchiveOutlined';
import { Button } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router';

import { PageHeader } from '../../../components';
import { toApiError, type ApiError } from '../../../lib/errors';
import { useSetArchivedMutation } from '../api';
import type { Template } from '../types';

/** Title, version and slug; Generate, and Archive or Unarchive for editors. */
export function EditorHeader({ template, canEdit, onError }: { template?: Template; canEdit: boolean; onError: (error: ApiError | null) => void }) {
  const intl = useIntl();
  const [setArchived, { isLoading: archiving }] = useSetArchivedMutation();
  if (!template) {
    return (
      <PageHeader
        title={intl.formatMessage({ id: 'templates.header.new', defaultMessage: 'New template' })}
        subtitle={intl.formatMessage({ id: 'templates.header.newHint', defaultMessage: 'Write the prompt, declare its variables, save the first version.' })}
      />
    );
  }

  const toggleArchived = async () => {
    try {
      await setArchived({ id: template.id, archived: !template.is_archived }).unwrap();
    } catch (err) {
      onError(toApiError(err));
    }
  };
  return (
    <PageHeader
      title={template.name}
      subtitle={intl.formatMessage(
        { id: 'templates.header.subtitle', defaultMessage: 'v{version} · {slug}{archived, select, true { · archived} other {}}' },
        { version: template.current_version.number, slug: template.slug, archived: String(template.is_archived) },
      )}
      actions={
        <>
          <Button component={RouterLink} to={`/generate?template=${template.id}`} startIcon={<PlayArrowIcon />} variant="outlined">
            <FormattedMessage id="templates.header.generate" defaultMessage="Generate" />
          </Button>
          {canEdit ? (
            <Button startIcon={template.is_archived ? <UnarchiveOutlinedIcon /> : <ArchiveOutlinedIcon />} disabled={archiving} onClick={toggleArchived}>
              {template.is_archived ? (
                <FormattedMessage id="templates.header.unarchive" defaultMessage="Unarchive" />
              ) : (
                <FormattedMessage id="templates.header.archive" defaultMessage="Archive" />
              )}
            </Button>
          ) : null}
        </>
      }
    />
  );
}
