/**
 * Child process for the crash test: writes batches of points with a checkpoint each into a
 * DuckDB store, resuming after the stored checkpoint, and reports each commit on stdout.
 * Usage: duckdb-writer.ts PATH BATCHES
 */
import { createDuckDBStore } from '../../src/store/duckdb.js';
import { crashTestBatch } from './crash-test-batch.js';

const [path = '', batches = '0'] = process.argv.slice(2);
const store = await createDuckDBStore({ path });
const checkpoint = await store.getCheckpoint('crash-test');
const first = checkpoint === undefined ? 0 : (checkpoint.position as { batch: number }).batch + 1;
for (let batch = first; batch < Number(batches); batch++) {
  await store.writePoints(crashTestBatch(batch), {
    source: 'crash-test',
    position: { batch },
    updatedAt: batch,
  });
  process.stdout.write(`committed ${batch}\n`);
}
await store.close();
