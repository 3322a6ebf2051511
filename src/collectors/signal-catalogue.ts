/**
 * Every signal Nightlight's collectors emit, with what each declares about itself (cadence,
 * combine rule, noise model, what a missing sample means). Detection reads these properties
 * and never asks which collector produced a series.
 */
import type { SignalSpec } from '../model/signal.js';

export const SIGNALS: readonly SignalSpec[] = [];

export function signalSpec(name: string): SignalSpec | undefined {
  return SIGNALS.find((spec) => spec.name === name);
}
