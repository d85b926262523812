import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Accordion, AccordionDetails, AccordionSummary, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { FormattedMessage, useIntl } from 'react-intl';

import { fieldMessage, type ApiError } from '../../../../lib/errors';
import { RUN_MODES, type RunMode } from '../../useGenerateRun';
import type { RunOptionsState } from './useGenerateForm';

/** Parameters as the API takes them: code, the same in every language. */
const PARAMS_EXAMPLE = '{"temperature": 0.2, "max_tokens": 400}';

/** The Advanced section of the Generate form, folded by default. */
export function RunOptions({ options, apiError }: { options: RunOptionsState; apiError: ApiError | null }) {
  const intl = useIntl();
  const paramsError = options.paramsError ?? fieldMessage(apiError, 'params');
  return (
    <Accordion disableGutters variant="outlined">
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <FormattedMessage id="generations.options.advanced" defaultMessage="Advanced" />
      </AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          <TextField
            label={intl.formatMessage({ id: 'generations.options.params', defaultMessage: 'Parameters (JSON)' })}
            placeholder={PARAMS_EXAMPLE}
            value={options.paramsText}
            onChange={(e) => options.setParamsText(e.target.value)}
            error={Boolean(paramsError)}
            helperText={paramsError ?? intl.formatMessage({ id: 'generations.options.paramsHelp', defaultMessage: 'Overrides the template defaults.' })}
            multiline
          />
          <TextField select label={intl.formatMessage({ id: 'generations.options.mode', defaultMessage: 'Run' })} value={options.mode} onChange={(e) => options.setMode(e.target.value as RunMode)}>
            {RUN_MODES.map((m) => (
              <MenuItem key={m.value} value={m.value}>
                {intl.formatMessage(m.label)}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel control={<Checkbox checked={options.cache} onChange={(e) => options.setCache(e.target.checked)} />} label={intl.formatMessage({ id: 'generations.options.cache', defaultMessage: 'Reuse a cached answer for identical input' })} />
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}
