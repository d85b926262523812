import { Card, CardContent, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { Fragment } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';

import { EmptyState, ErrorState, LoadingState } from '../../../components';
import { formatCost, formatMs, formatNumber, formatPercent } from '../../../lib/format';
import { useVersionAnalyticsQuery } from '../api';
import { versionText } from '../describe';
import type { LabelFigures, VersionFigures } from '../types';

type Figures = VersionFigures | LabelFigures;

function rowName(intl: IntlShape, figures: LabelFigures): string {
  if (!figures.label) return intl.formatMessage({ id: 'releases.analytics.byNumber', defaultMessage: 'by number' });
  if (figures.arm === null) return figures.label;
  return intl.formatMessage({ id: 'releases.analytics.arm', defaultMessage: '{label}, canary arm {arm}' }, { label: figures.label, arm: figures.arm + 1 });
}

function Cells({ figures }: { figures: Figures }) {
  const passRate = 'version' in figures ? figures.evaluation_pass_rate : null; // evaluations are per version
  const cells = [
    formatNumber(figures.generations),
    formatPercent(figures.success_rate),
    formatMs(figures.latency_p50_ms),
    formatMs(figures.latency_p95_ms),
    formatCost(figures.cost),
    formatNumber(figures.average_rating, 1),
    formatPercent(passRate),
    formatPercent(figures.approval_rate),
    formatPercent(figures.edit_ratio_median),
  ];
  return cells.map((text, i) => (
    <TableCell key={i} align="right">
      {text}
    </TableCell>
  ));
}

/** Each version's figures, and under it each label and canary arm it ran through. */
export function VersionAnalytics({ template }: { template: number }) {
  const intl = useIntl();
  const { data, error, isLoading, refetch } = useVersionAnalyticsQuery(template);
  const headers = [
    intl.formatMessage({ id: 'releases.analytics.generations', defaultMessage: 'Generations' }),
    intl.formatMessage({ id: 'releases.analytics.successRate', defaultMessage: 'Success rate' }),
    intl.formatMessage({ id: 'releases.analytics.p50', defaultMessage: 'Latency p50' }),
    intl.formatMessage({ id: 'releases.analytics.p95', defaultMessage: 'Latency p95' }),
    intl.formatMessage({ id: 'releases.analytics.cost', defaultMessage: 'Cost' }),
    intl.formatMessage({ id: 'releases.analytics.rating', defaultMessage: 'Rating' }),
    intl.formatMessage({ id: 'releases.analytics.passRate', defaultMessage: 'Pass rate' }),
    intl.formatMessage({ id: 'releases.analytics.approval', defaultMessage: 'Approval rate' }),
    intl.formatMessage({ id: 'releases.analytics.editRatio', defaultMessage: 'Edit ratio' }),
  ];
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          <FormattedMessage id="releases.analytics.title" defaultMessage="Versions compared" />
        </Typography>
        {isLoading ? (
          <LoadingState />
        ) : error || !data ? (
          <ErrorState error={error} onRetry={refetch} />
        ) : !data.versions.length ? (
          <EmptyState title={intl.formatMessage({ id: 'releases.analytics.none', defaultMessage: 'No finished generations yet.' })} />
        ) : (
          <TableContainer>
            <Table size="small" aria-label={intl.formatMessage({ id: 'releases.analytics.aria', defaultMessage: 'Figures per version' })}>
              <TableHead>
                <TableRow>
                  <TableCell>
                    <FormattedMessage id="releases.analytics.version" defaultMessage="Version" />
                  </TableCell>
                  {headers.map((header) => (
                    <TableCell key={header} align="right">
                      {header}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {data.versions.map((version) => (
                  <Fragment key={version.version}>
                    <TableRow>
                      <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
                        {versionText(intl, version.version)}
                      </TableCell>
                      <Cells figures={version} />
                    </TableRow>
                    {version.labels.map((label) => (
                      <TableRow key={`${label.label}-${label.arm}`}>
                        <TableCell component="th" scope="row" sx={{ pl: 4, color: 'text.secondary' }}>
                          {rowName(intl, label)}
                        </TableCell>
                        <Cells figures={label} />
                      </TableRow>
                    ))}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </CardContent>
    </Card>
  );
}
