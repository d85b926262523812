import { Alert, Button } from '@mui/material';
import type { ReactNode } from 'react';

import { FormError } from '../../../../components';
import type { ApiError } from '../../../../lib/errors';

/**
 * The end of a profile form: the answer's errors that belong to no field shown, the saved notice,
 * and the submit button (its busy text while saving).
 */
export function FormFooter({
  error,
  shownFields,
  saved,
  saving,
  disabled,
  savedText,
  submitText,
  busyText,
}: {
  error: ApiError | null;
  shownFields: string[];
  saved: boolean;
  saving: boolean;
  disabled?: boolean;
  savedText: ReactNode;
  submitText: ReactNode;
  busyText: ReactNode;
}) {
  return (
    <>
      <FormError error={error} shownFields={shownFields} />
      {saved ? <Alert severity="success">{savedText}</Alert> : null}
      <div>
        <Button type="submit" variant="contained" disabled={saving || disabled}>
          {saving ? busyText : submitText}
        </Button>
      </div>
    </>
  );
}
