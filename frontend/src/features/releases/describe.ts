import type { IntlShape } from 'react-intl';

import type { Arm, Label } from './types';

/** "version 3". */
export function versionText(intl: IntlShape, number: number): string {
  return intl.formatMessage({ id: 'releases.version', defaultMessage: 'version {number}' }, { number });
}

/** Where a label (or a move) points: "version 3", or a canary's arms "version 4 (90%) and version 5 (10%)". */
export function armsText(intl: IntlShape, arms: readonly Arm[]): string {
  if (arms.length === 1) return versionText(intl, arms[0].version);
  const parts = arms.map(({ version, weight }) => intl.formatMessage({ id: 'releases.arm', defaultMessage: 'version {version} ({weight}%)' }, { version, weight }));
  return intl.formatList(parts, { type: 'conjunction' });
}

export function labelTarget(intl: IntlShape, label: Label): string {
  return armsText(intl, label.version !== null ? [{ version: label.version, weight: 100 }] : label.versions);
}
