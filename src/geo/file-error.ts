/**
 * One clear NightlightError for a file that cannot be read: `Cannot read geo table /x.csv:
 * ENOENT no such file or directory`. A missing file is 'not_found', anything else 'bad_input'.
 */
import { messageOf, NightlightError } from '../model/failure.js';

export function describeFileError(action: string, path: string, error: unknown): NightlightError {
  const code = (error as { code?: unknown } | null)?.code;
  // Node's text repeats the path (`ENOENT: no such file or directory, open '/x.csv'`); keep the reason.
  const reason = messageOf(error)
    .replace(/^[A-Z_]+: /, '')
    .replace(/, \w+(?: '.*')?$/, '');
  const text = typeof code === 'string' && !reason.startsWith(code) ? `${code} ${reason}` : reason;
  return new NightlightError(
    code === 'ENOENT' ? 'not_found' : 'bad_input',
    `${action} ${path}: ${text}`,
    {
      cause: error,
    },
  );
}
