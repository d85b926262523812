import { useState } from 'react';

import { toApiError, type ApiError } from '../../lib/errors';
import { useCreateGenerationMutation } from './api';
import type { Generation, GenerationRequest } from './types';
import { useGenerationStream } from './useGenerationStream';

/** How the Generate page runs: streaming, waiting for the whole answer, or in the background. */
export type RunMode = 'stream' | 'sync' | 'async';

export const RUN_MODES: { value: RunMode; label: string }[] = [
  { value: 'stream', label: 'Now, streaming the output' },
  { value: 'sync', label: 'Now, showing the whole answer when done' },
  { value: 'async', label: 'In the background (see History)' },
];

/**
 * One run of the Generate form in any mode. A stream shows its text as it arrives; a synchronous
 * run shows the finished generation; a background run answers with its id (the caller opens it).
 */
export function useGenerateRun() {
  const stream = useGenerationStream();
  const [createGeneration, { isLoading: waiting }] = useCreateGenerationMutation();
  const [finished, setFinished] = useState<Generation | null>(null);
  const [requestError, setRequestError] = useState<ApiError | null>(null);

  const run = async (body: Omit<GenerationRequest, 'mode'>, mode: RunMode): Promise<Generation | null> => {
    setRequestError(null);
    setFinished(null);
    if (mode === 'stream') {
      await stream.start(body);
      return null;
    }
    stream.reset();
    try {
      const generation = await createGeneration({ ...body, mode }).unwrap();
      if (mode === 'sync') setFinished(generation);
      return generation;
    } catch (err) {
      setRequestError(toApiError(err));
      return null;
    }
  };

  const generation = finished ?? stream.generation;
  return {
    run,
    stream,
    busy: stream.active || waiting,
    waiting,
    generation,
    text: finished ? finished.output : stream.text,
    error: requestError ?? stream.error,
    requestError,
  };
}

export type GenerateRun = ReturnType<typeof useGenerateRun>;
