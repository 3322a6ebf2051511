/**
 * Finds and loads the configuration: an explicit path (flag or NIGHTLIGHT_CONFIG), else
 * nightlight.config.{yaml,yml,json} in the working directory, else defaults.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyEnvironment, parseConfig, readConfigFile, type Config } from './config.js';

const DEFAULT_NAMES = ['nightlight.config.yaml', 'nightlight.config.yml', 'nightlight.config.json'];

export interface LoadConfigOptions {
  readonly path?: string | undefined;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadConfigOptions): Config {
  const explicit = options.path ?? options.env.NIGHTLIGHT_CONFIG;
  const found =
    explicit ?? DEFAULT_NAMES.map((name) => join(options.cwd, name)).find((p) => existsSync(p));
  const raw = found === undefined ? {} : readConfigFile(found);
  const origin = [found ?? 'defaults', 'NIGHTLIGHT_* environment'].join(' + ');
  return parseConfig(applyEnvironment(raw, options.env), origin);
}
