import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAccessTypes } from '../../geo/access-types.js';
import { createAttributor } from '../../geo/attributor.js';
import { formatIpv4 } from '../../geo/ip.js';
import { NightlightError } from '../../model/failure.js';
import { createMemoryStore } from '../../store/memory.js';
import type { Store } from '../../store/store.js';
import { ingestLogs } from './ingest-logs.js';
import { compileLogFormat } from './log-format.js';
import { formatClfTime } from './log-time.js';

/** Ten bins of lines, one bin per store write with batchBins 1. */
function writeLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++)
    lines.push(
      `${formatIpv4(0x0a000000 + (i % 97))} - - [${formatClfTime(1641340800 + i, 0)}] "GET / HTTP/1.1" 200 1 "-" "x"`,
    );
  const path = join(mkdtempSync(join(tmpdir(), 'nightlight-passive-')), 'access.log');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('runPassiveIngest store writes', () => {
  it('keeps one write in flight, in order, and stops at a failed write without an unhandled rejection', async () => {
    const path = writeLog();
    const attributor = createAttributor({
      asnTables: [],
      countryTables: [],
      accessTypes: await loadAccessTypes(),
    });
    const options = { inputs: [path], source: 'logs:t', attributor, batchBins: 1 } as const;
    const format = compileLogFormat('combined');

    // Writes that settle late still land in order, and the run waits for the last one.
    const memory = createMemoryStore();
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const slow: Store = {
      ...memory,
      async writeColumns(blocks, checkpoint) {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(blocks[0]?.bins[0] ?? -1);
        await memory.writeColumns(blocks, checkpoint);
        running--;
      },
    };
    const result = await ingestLogs({ ...options, store: slow, format });
    assert.equal(running, 0, 'no write left running');
    assert.ok(most <= 2, `at most one write behind the newest, saw ${most}`);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.equal(result.bins, 10);

    // A failing write: the run rejects with its error, and nothing is left unhandled.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let calls = 0;
    const failing: Store = {
      ...createMemoryStore(),
      writeColumns() {
        calls++;
        return calls === 2
          ? Promise.reject(new NightlightError('store_unavailable', 'Cannot write: disk full'))
          : Promise.resolve();
      },
    };
    await assert.rejects(ingestLogs({ ...options, store: failing, format }), {
      message: 'Cannot write: disk full',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, []);
    assert.ok(calls < 10, `stopped early, after ${calls} writes`);
  });
});
