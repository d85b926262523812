import { useState } from 'react';

import { fieldProps, toApiError, type ApiError } from '../../../../lib/errors';
import { useUpdateMeMutation } from '../../api';
import type { MeUpdate } from '../../types';

/** One `PATCH /api/me/` form: saves, and keeps what to show (the answer's errors per field, or saved). */
export function useMeUpdate() {
  const [update, { isLoading }] = useUpdateMeMutation();
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (body: MeUpdate): Promise<boolean> => {
    setError(null);
    setSaved(false);
    try {
      await update(body).unwrap();
      setSaved(true);
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    }
  };
  /** A text field's error state and message from the last answer. */
  const fieldError = (name: string) => fieldProps(error, name);
  return { save, saving: isLoading, error, setError, saved, fieldError };
}

export type MeUpdateState = ReturnType<typeof useMeUpdate>;
