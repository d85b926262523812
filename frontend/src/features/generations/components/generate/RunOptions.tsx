import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Accordion, AccordionDetails, AccordionSummary, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';

import { fieldMessage, type ApiError } from '../../../../lib/errors';
import { RUN_MODES, type RunMode } from '../../useGenerateRun';
import type { RunOptionsState } from './useGenerateForm';

/** The Advanced section of the Generate form, folded by default. */
export function RunOptions({ options, apiError }: { options: RunOptionsState; apiError: ApiError | null }) {
  const paramsError = options.paramsError ?? fieldMessage(apiError, 'params');
  return (
    <Accordion disableGutters variant="outlined">
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>Advanced</AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          <TextField
            label="Parameters (JSON)"
            placeholder='{"temperature": 0.2, "max_tokens": 400}'
            value={options.paramsText}
            onChange={(e) => options.setParamsText(e.target.value)}
            error={Boolean(paramsError)}
            helperText={paramsError ?? 'Overrides the template defaults.'}
            multiline
          />
          <TextField select label="Run" value={options.mode} onChange={(e) => options.setMode(e.target.value as RunMode)}>
            {RUN_MODES.map((m) => (
              <MenuItem key={m.value} value={m.value}>
                {m.label}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel control={<Checkbox checked={options.cache} onChange={(e) => options.setCache(e.target.checked)} />} label="Reuse a cached answer for identical input" />
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}
