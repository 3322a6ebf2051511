/**
 * Time in Nightlight: UTC instants as whole seconds since the Unix epoch, and bins aligned to
 * multiples of their step from the epoch (a 5-minute bin starts at :00, :05, …).
 */
import { NightlightError } from './failure.js';

/** Seconds since 1970-01-01T00:00:00Z. */
export type EpochSeconds = number;

export const DEFAULT_STEP_SECONDS = 300;

export function alignToBin(
  time: EpochSeconds,
  stepSeconds: number = DEFAULT_STEP_SECONDS,
): EpochSeconds {
  return Math.floor(time / stepSeconds) * stepSeconds;
}

export function isAligned(time: EpochSeconds, stepSeconds: number): boolean {
  return Number.isInteger(time) && time % stepSeconds === 0;
}

const ISO_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * Parses a user-given instant: ISO 8601 with an explicit zone (`2022-01-05T10:30:00Z`), a bare
 * date (midnight UTC), or epoch seconds. A date-time without a zone is refused rather than
 * guessed in the machine's local zone.
 */
export function parseTime(text: string): EpochSeconds {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!ISO_WITH_ZONE.test(trimmed)) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse time: expected ISO 8601 with a zone (2022-01-05T10:30:00Z) or epoch seconds, found ${JSON.stringify(text)}`,
    );
  }
  const millis = Date.parse(
    trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T'),
  );
  if (Number.isNaN(millis)) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse time: not a valid date, found ${JSON.stringify(text)}`,
    );
  }
  return Math.floor(millis / 1000);
}

export function formatTime(time: EpochSeconds): string {
  return new Date(time * 1000).toISOString().replace('.000Z', 'Z');
}
