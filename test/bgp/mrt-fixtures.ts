/**
 * Where the MRT test files are: small copies in test/fixtures/mrt, larger originals in the
 * shared fixtures directory beside the clone (../shared from the repository root).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createBgpdumpFormatter } from '../../src/collectors/bgp/mrt/format-bgpdump.js';
import type { MrtResult } from '../../src/collectors/bgp/mrt/models.js';
import { readMrt } from '../../src/collectors/bgp/mrt/read-mrt.js';
import { openInput } from '../../src/collectors/input/open-input.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const localFixtures = join(repoRoot, 'test/fixtures/mrt');

/** The shared fixtures directory; throws with the path it looked at when it is missing. */
export function sharedFixtures(): string {
  const dir = resolve(repoRoot, '../shared/fixtures/mrt');
  if (!existsSync(dir))
    throw new Error(
      `Cannot find the shared MRT fixtures: ${dir} does not exist (CI puts shared/ beside the clone)`,
    );
  return dir;
}

export async function decodeFile(path: string): Promise<MrtResult[]> {
  const input = await openInput(path);
  const results: MrtResult[] = [];
  for await (const result of readMrt(input.stream)) results.push(result);
  return results;
}

export async function bgpdumpLines(path: string): Promise<string[]> {
  const formatter = createBgpdumpFormatter();
  const lines: string[] = [];
  for (const result of await decodeFile(path))
    if (result.ok) lines.push(...formatter.linesOf(result.record));
  return lines;
}

export function readLines(gzipPath: string): string[] {
  const text = gunzipSync(readFileSync(gzipPath)).toString('utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** Line-by-line comparison that reports the first differing line, not a 100k-line diff. */
export function firstDifference(
  actual: readonly string[],
  expected: readonly string[],
): string | null {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++)
    if (actual[i] !== expected[i])
      return `line ${i + 1}:\n  expected ${expected[i] ?? '(none)'}\n  actual   ${actual[i] ?? '(none)'}\n(${actual.length} lines, expected ${expected.length})`;
  return null;
}
