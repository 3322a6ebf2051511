/**
 * What every command gets from the global options: the validated configuration, the store URL
 * after flags, and output helpers that honour --json.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/config.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface GlobalOptions {
  readonly config?: string;
  readonly db?: string;
  readonly store?: string;
  readonly json?: boolean;
}

export interface CommandContext {
  readonly config: Config;
  readonly storeUrl: string;
  readonly json: boolean;
  /** Opens the configured store, runs `work` with it and always closes it. */
  withStore<T>(work: (store: Store) => Promise<T>): Promise<T>;
  print(text: string): void;
  printJson(value: unknown): void;
}

export function contextOf(command: Command): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig({ path: options.config, cwd: process.cwd(), env: process.env });
  // Precedence: --store, then --db (a DuckDB file), then config file and environment.
  const storeUrl =
    options.store ?? (options.db !== undefined ? `duckdb:${options.db}` : config.store);
  return {
    config,
    storeUrl,
    json: options.json === true,
    async withStore(work) {
      const store = await openStore(storeUrl);
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
    print(text) {
      process.stdout.write(`${text}\n`);
    },
    printJson(value) {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
