import { Chip } from '@mui/material';
import { useIntl } from 'react-intl';

import { versionText } from '../describe';

/** Which version ran, and through which label when one was used: "version 3 via production". */
export function VersionRun({ version, label }: { version: number; label?: string | null }) {
  const intl = useIntl();
  const text = label
    ? intl.formatMessage({ id: 'releases.run.viaLabel', defaultMessage: 'version {version} via {label}' }, { version, label })
    : versionText(intl, version);
  return <Chip size="small" variant="outlined" label={text} />;
}
