import { useEffect, useRef, useState } from 'react';

import { useAppDispatch } from '../../app/hooks';
import { api, authorizedFetch } from '../../lib/api';
import type { Schemas } from '../../lib/apiTypes';
import { toApiError, type ApiError } from '../../lib/errors';
import { readSse } from '../../lib/sse';
import { useCreateEvaluationMutation, useSetLabelMutation } from './api';
import type { Evaluation, GateRefusal } from './types';

export const PRODUCTION = 'production';

export type Promotion =
  | { step: 'idle' }
  | { step: 'moving' }
  | { step: 'evaluating'; gate: GateRefusal }
  | { step: 'failed'; gate: GateRefusal; passRate: number | null; error: string }
  | { step: 'promoted'; forced: boolean }
  | { step: 'error'; error: ApiError };

type TemplateGates = Pick<Schemas['Template'], 'id' | 'release_gates'>;
type EvaluationProvider = NonNullable<Schemas['EvaluationCreateRequest']['provider']>;

const ended = (evaluation: Evaluation | null) => evaluation?.status === 'finished' || evaluation?.status === 'failed';

function gateRefusal(error: ApiError): GateRefusal | null {
  return error.code === 'gate_not_passed' && error.details ? (error.details as unknown as GateRefusal) : null;
}

/**
 * "Promote to production" for one version: try the move; when a release gate refuses it and no
 * evaluation of the version exists yet, run the gate's evaluation (its dataset, provider and
 * model), follow its progress (`GET /api/evaluations/{id}/events/`), and move again once it ends:
 * the server decides whether it passed. A version that already failed its gate, or whose
 * evaluation ends below it, stays where it was, with the pass rate reached; an owner may then
 * force the move with a reason.
 */
export function usePromotion(template: TemplateGates, version: number) {
  const dispatch = useAppDispatch();
  const [promotion, setPromotion] = useState<Promotion>({ step: 'idle' });
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [setLabel] = useSetLabelMutation();
  const [createEvaluation] = useCreateEvaluationMutation();
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  /** The move; resolves the gate's refusal, else null (moved, or another error shown). */
  const move = async (force?: { reason: string }): Promise<GateRefusal | null> => {
    setPromotion({ step: 'moving' });
    try {
      await setLabel({ template: template.id, name: PRODUCTION, version, ...(force ? { force: true, reason: force.reason } : {}) }).unwrap();
      setPromotion({ step: 'promoted', forced: Boolean(force) });
      return null;
    } catch (err) {
      const error = toApiError(err)!;
      const refusal = gateRefusal(error);
      if (!refusal) setPromotion({ step: 'error', error });
      return refusal;
    }
  };

  /** The evaluation's progress events until it has ended (a stream may close first: reopen it). */
  const follow = async (id: number, signal: AbortSignal): Promise<{ last: Evaluation | null; refused?: ApiError }> => {
    let last: Evaluation | null = null;
    while (!ended(last) && !signal.aborted) {
      const response = await dispatch(authorizedFetch(`evaluations/${id}/events/`, { headers: { Accept: 'text/event-stream' }, signal }));
      if (!response.ok || !response.body) {
        const data: unknown = await response.json().catch(() => null);
        return { last, refused: toApiError({ status: response.status, data })! };
      }
      let heard = false;
      for await (const event of readSse(response.body, signal)) {
        if (event.event !== 'progress' && event.event !== 'done') continue;
        heard = true;
        last = JSON.parse(event.data) as Evaluation;
        setEvaluation(last);
      }
      if (!heard) break;
    }
    return { last };
  };

  const evaluate = async (gate: GateRefusal) => {
    const rule = template.release_gates.find((g) => g.label === gate.label && g.dataset === gate.dataset);
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setEvaluation(null);
    try {
      const started = await createEvaluation({
        template: template.id,
        version,
        dataset: gate.dataset,
        cache: true,
        ...(rule?.provider ? { provider: rule.provider as EvaluationProvider } : {}),
        ...(rule?.model ? { model: rule.model } : {}),
      }).unwrap();
      setEvaluation(started);
      setPromotion({ step: 'evaluating', gate });
      const { last: result, refused } = await follow(started.id, abort.signal);
      if (abort.signal.aborted) return;
      dispatch(api.util.invalidateTags(['Analytics'])); // the version's pass rate is new
      if (refused) {
        setPromotion({ step: 'error', error: refused });
        return;
      }
      if (result?.status !== 'finished') {
        setPromotion({ step: 'failed', gate, passRate: result?.pass_rate ?? null, error: result?.error ?? '' });
        return;
      }
      const refusal = await move();
      if (refusal) setPromotion({ step: 'failed', gate: refusal, passRate: result.pass_rate, error: '' });
    } catch (err) {
      if (!abort.signal.aborted) setPromotion({ step: 'error', error: toApiError(err)! });
    }
  };

  const promote = async () => {
    const refusal = await move();
    if (!refusal) return;
    if (refusal.best_pass_rate === null) await evaluate(refusal);
    else setPromotion({ step: 'failed', gate: refusal, passRate: refusal.best_pass_rate, error: '' });
  };

  const force = (reason: string) => move({ reason });

  return { promotion, evaluation, promote, force };
}
