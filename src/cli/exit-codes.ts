/** Exit codes, one per failure kind (BSD sysexits values, so scripts can tell them apart). */
import type { FailureKind } from '../model/failure.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;

export const EXIT_CODES: Record<FailureKind, number> = {
  bad_input: 65,
  not_found: 66,
  store_unavailable: 69,
  internal: 70,
  bad_config: 78,
};
