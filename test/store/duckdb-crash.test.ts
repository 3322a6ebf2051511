/**
 * A writer killed with SIGKILL mid-ingest loses nothing it committed, never leaves a
 * checkpoint ahead of its points, and a restart from the checkpoint gives exactly the data
 * of an uninterrupted run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { createDuckDBStore } from '../../src/store/duckdb.js';
import { CRASH_BATCH_POINTS } from '../support/crash-test-batch.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const writer = join(import.meta.dirname, '../support/duckdb-writer.ts');
const BATCHES = 40;

/** Runs the writer; with `killAfter`, SIGKILLs it once it has reported that many commits. */
function runWriter(path: string, killAfter?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), writer, path, String(BATCHES)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let commits = 0;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      commits += text.split('committed').length - 1;
      if (killAfter !== undefined && commits >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', () => resolve(commits));
  });
}

async function contents(path: string) {
  const store = await createDuckDBStore({ path });
  try {
    const info = await store.info();
    const checkpoint = await store.getCheckpoint('crash-test');
    const series = await store.readSeries({ entity: 'asn/64542', from: 0, to: 2 ** 32 - 1 });
    return { info, checkpoint, values: series.map((s) => [...s.values]) };
  } finally {
    await store.close();
  }
}

it('survives SIGKILL mid-ingest and resumes from its checkpoint to the same result', async () => {
  const killed = join(dir, 'killed.duckdb');
  const seen = await runWriter(killed, 5);
  assert.ok(seen >= 5 && seen < BATCHES, `the writer was killed mid-run (saw ${seen} commits)`);

  const after = await contents(killed);
  const batch = (after.checkpoint?.position as { batch: number }).batch;
  assert.ok(batch + 1 >= seen, 'every reported commit survived');
  assert.equal(
    after.info.points,
    (batch + 1) * CRASH_BATCH_POINTS,
    'points match the checkpoint exactly',
  );

  await runWriter(killed);
  const clean = join(dir, 'clean.duckdb');
  await runWriter(clean);
  const [resumed, uninterrupted] = [await contents(killed), await contents(clean)];
  assert.equal(uninterrupted.info.points, BATCHES * CRASH_BATCH_POINTS);
  assert.deepEqual({ ...resumed.info, location: '' }, { ...uninterrupted.info, location: '' });
  assert.deepEqual(resumed.values, uninterrupted.values);
  assert.deepEqual(resumed.checkpoint, uninterrupted.checkpoint);
});
