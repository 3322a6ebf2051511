/**
 * The closed vocabulary of failures Nightlight reports. Every error that leaves a module is a
 * NightlightError with one of these kinds; the CLI maps each kind to its own exit code.
 */

export type FailureKind =
  /** The user's input (file, argument, record) is malformed. */
  | 'bad_input'
  /** The configuration file or environment is invalid. */
  | 'bad_config'
  /** The store cannot be reached or opened. */
  | 'store_unavailable'
  /** Something that should exist does not (entity, event, file). */
  | 'not_found'
  /** A bug: an invariant of our own was broken. */
  | 'internal';

export class NightlightError extends Error {
  override readonly name = 'NightlightError';

  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isNightlightError(error: unknown): error is NightlightError {
  return error instanceof NightlightError;
}

/** The message of any thrown value, for reports that must not throw themselves. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
