import { useState } from 'react';
import { defineMessages, type MessageDescriptor } from 'react-intl';

import { toApiError, type ApiError } from '../../lib/errors';
import { useCreateGenerationMutation } from './api';
import type { Generation, GenerationRequest } from './types';
import { useGenerationStream } from './useGenerationStream';

/** How the Generate page runs: streaming, waiting for the whole answer, or in the background. */
export type RunMode = 'stream' | 'sync' | 'async';

const MODE_LABELS = defineMessages({
  stream: { id: 'generations.options.modeStream', defaultMessage: 'Now, streaming the output' },
  sync: { id: 'generations.options.modeSync', defaultMessage: 'Now, showing the whole answer when done' },
  async: { id: 'generations.options.modeAsync', defaultMessage: 'In the background (see History)' },
});

export const RUN_MODES: { value: RunMode; label: MessageDescriptor }[] = [
  { value: 'stream', label: MODE_LABELS.stream },
  { value: 'sync', label: MODE_LABELS.sync },
  { value: 'async', label: MODE_LABELS.async },
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
