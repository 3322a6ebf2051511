/**
 * Every signal Nightlight's collectors emit, with what each declares about itself (cadence,
 * combine rule, noise model, what a missing sample means). Detection reads these properties
 * and never asks which collector produced a series.
 */
import type { SignalSpec } from '../model/signal.js';
import { BGP_SIGNALS } from './bgp/bgp-signals.js';
import { OONI_SIGNALS } from './ooni/ooni-signals.js';
import { DARKNET_SIGNALS } from './darknet/darknet-signals.js';
import { TRAFFIC_SIGNALS } from './traffic/traffic-signals.js';
import { IODA_SIGNALS } from './series-import/ioda-signals.js';

export const SIGNALS: readonly SignalSpec[] = [
  ...TRAFFIC_SIGNALS,
  ...DARKNET_SIGNALS,
  ...OONI_SIGNALS,
  ...BGP_SIGNALS,
  ...IODA_SIGNALS,
];

export function signalSpec(name: string): SignalSpec | undefined {
  return SIGNALS.find((spec) => spec.name === name);
}
