/**
 * One signal of one entity over a range, aggregated in the store at the requested step and
 * densified: the shape the signals endpoint, event evidence and the IODA view share. Checks
 * the range and step against the limits and answers a 400 that names the parameter.
 */
import type { EntityId } from '../../model/entity.js';
import type { EpochSeconds } from '../../model/time.js';
import { DEFAULT_STEP_SECONDS } from '../../model/time.js';
import type { ApiContext } from './api-context.js';
import { ApiError } from './api-error.js';
import { densify, normalise } from './dense-series.js';

export interface SeriesRequest {
  readonly entity: EntityId;
  readonly signal: string;
  readonly from: EpochSeconds;
  readonly to: EpochSeconds;
  /** Requested step; when absent, the native step or the smallest multiple within limits. */
  readonly step?: number | undefined;
  readonly normalised: boolean;
}

export interface SeriesBody {
  entity: EntityId;
  signal: string;
  unit: string;
  description: string | null;
  layer: 'routing' | 'reachability' | 'application' | null;
  step: number;
  nativeStep: number;
  from: number;
  until: number;
  normalised: boolean;
  baseline: number | null;
  values: (number | null)[];
  coverage: number[];
}

export function checkRange(api: ApiContext, from: EpochSeconds, to: EpochSeconds): void {
  if (to <= from)
    throw new ApiError(400, 'bad_request', `Cannot read to: must be after from (${from})`, 'to');
  if (to - from > api.limits.maxRangeSeconds)
    throw new ApiError(
      400,
      'bad_request',
      `Cannot read from/to: range of ${to - from} s exceeds the limit of ${api.limits.maxRangeSeconds} s`,
      'from',
    );
}

/** The step to serve: validated when given, else native, coarsened to fit maxPoints. */
export function chooseStep(
  api: ApiContext,
  nativeStep: number,
  from: EpochSeconds,
  to: EpochSeconds,
  requested: number | undefined,
): number {
  const span = to - from;
  if (requested !== undefined) {
    if (requested % nativeStep !== 0)
      throw new ApiError(
        400,
        'bad_request',
        `Cannot read step: must be a multiple of the signal's step ${nativeStep}, found ${requested}`,
        'step',
      );
    if (span / requested > api.limits.maxPoints)
      throw new ApiError(
        400,
        'bad_request',
        `Cannot read step: ${Math.ceil(span / requested)} values exceed the limit of ${api.limits.maxPoints}; use a larger step or a shorter range`,
        'step',
      );
    return requested;
  }
  return nativeStep * Math.max(1, Math.ceil(span / nativeStep / api.limits.maxPoints));
}

export async function readSeries(api: ApiContext, request: SeriesRequest): Promise<SeriesBody> {
  const spec = api.spec(request.signal);
  const nativeStep = spec?.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const step = chooseStep(api, nativeStep, request.from, request.to, request.step);
  const from = Math.floor(request.from / step) * step;
  const points = await api.store.aggregateSeries({
    entity: request.entity,
    signal: request.signal,
    from,
    to: request.to,
    stepSeconds: step,
    combine: spec?.combine ?? 'mean',
  });
  const dense = densify(points, from, request.to, step);
  const served = request.normalised ? normalise(dense) : dense;
  return {
    entity: request.entity,
    signal: request.signal,
    unit: request.normalised ? 'ratio to median' : (spec?.unit ?? 'unknown'),
    description: spec?.description ?? null,
    layer: spec?.layer ?? null,
    step,
    nativeStep,
    from: served.from,
    until: served.from + served.values.length * step,
    normalised: request.normalised,
    baseline: served.baseline,
    values: served.values,
    coverage: served.coverage,
  };
}
