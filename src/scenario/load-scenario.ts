/**
 * Finds and reads scenario files: a path to a YAML or JSON file, or the name of a shipped
 * scenario under scenarios/. Unreadable or invalid files are one NightlightError ('not_found'
 * or 'bad_input') naming the file and, for invalid ones, every problem with its path.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { NightlightError, messageOf } from '../model/failure.js';
import { parseScenario, type Scenario } from './scenario-schema.js';

/** scenarios/ at the root of the package, from src/scenario or dist/scenario. */
export function shippedScenarioDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'scenarios');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('scenarios');
}

export async function listScenarios(dir = shippedScenarioDir()): Promise<Scenario[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$|\.json$/.test(n)).sort();
  return Promise.all(names.map((n) => readScenarioFile(join(dir, n))));
}

/** A file path (anything with a slash or an extension), else a shipped scenario's name. */
export async function loadScenario(
  nameOrPath: string,
  dir = shippedScenarioDir(),
): Promise<Scenario> {
  if (/[/\\]|\.(ya?ml|json)$/.test(nameOrPath)) return readScenarioFile(nameOrPath);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = join(dir, `${nameOrPath}${ext}`);
    if (existsSync(path)) return readScenarioFile(path);
  }
  const known = (await readdir(dir).catch(() => [])).map((n) => n.replace(/\.(ya?ml|json)$/, ''));
  throw new NightlightError(
    'not_found',
    `Cannot find scenario ${nameOrPath}: shipped ones are ${known.sort().join(', ')}`,
  );
}

export async function readScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NightlightError('not_found', `Cannot read scenario ${path}: ${messageOf(error)}`);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new NightlightError(
      'bad_input',
      `Cannot parse scenario ${path}: ${messageOf(error).split('\n')[0]!}`,
    );
  }
  return parseScenario(raw, path);
}
