/**
 * `nightlight serve` as a process: it opens a DuckDB file, prints where it listens (port 0
 * picks a free one on 127.0.0.1), answers, and on SIGTERM finishes and exits 0 with the
 * store closed (the file opens again afterwards: DuckDB allows one process at a time).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.js';
import { KZ_EVENT } from './seed.js';

const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const dir = mkdtempSync(join(tmpdir(), 'nightlight-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('nightlight serve', () => {
  it(
    'serves the store until SIGTERM, then exits 0 and releases the file',
    { timeout: 120_000 },
    async () => {
      const path = join(dir, 'serve.duckdb');
      const store = await openStore(`duckdb:${path}`);
      await store.writeEvents([KZ_EVENT]);
      await store.close();
      const child = spawn(
        process.execPath,
        [
          '--import',
          import.meta.resolve('tsx'),
          entry,
          '--db',
          path,
          'serve',
          '--port',
          '0',
          '--web-root',
          join(dir, 'no-web'),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NIGHTLIGHT_API_TOKEN: '' } },
      );
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
          if (match?.[1] !== undefined) done(match[1]);
        });
        void exited.then((code) => fail(new Error(`exited ${code} before listening: ${stderr}`)));
      });
      const events = (await (await fetch(`${url}/api/v1/events`)).json()) as {
        events: { id: string }[];
      };
      assert.deepEqual(
        events.events.map((e) => e.id),
        [KZ_EVENT.id],
      );
      assert.match(await (await fetch(`${url}/`)).text(), /dashboard is not built/);
      assert.equal((await fetch(`${url}/api/v1/admin/store`)).status, 403);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.match(stdout, /Received SIGTERM/);
      const reopened = await openStore(`duckdb:${path}`);
      assert.equal((await reopened.queryEvents()).length, 1);
      await reopened.close();
    },
  );
});
