/**
 * Turns command-line inputs into the ordered list of files to read: a directory stands for
 * its files (not recursive), in name order; `-` (stdin) passes through.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NightlightError, messageOf } from '../../model/failure.js';

export async function expandInputs(
  inputs: readonly string[],
  order: (names: string[]) => string[] = (names) => names.sort(),
): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push(input);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(input)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new NightlightError(
        code === 'ENOENT' ? 'not_found' : 'bad_input',
        `Cannot read input ${input}: ${messageOf(error)}`,
      );
    }
    if (!isDirectory) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    files.push(...order(names).map((name) => join(input, name)));
  }
  return files;
}
