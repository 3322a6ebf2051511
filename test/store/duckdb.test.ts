import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDuckDBStore } from '../../src/store/duckdb.js';
import { describeStoreContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-duckdb-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let opened = 0;
const paths = new WeakMap<object, string>();

describeStoreContract('duckdb', {
  async open() {
    const path = join(dir, `contract-${opened++}.duckdb`);
    const store = await createDuckDBStore({ path });
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    await store.close();
    return createDuckDBStore({ path: paths.get(store)! });
  },
});

describe('DuckDB store', () => {
  it('refuses a file that is not a database with store_unavailable', async () => {
    const path = join(dir, 'not-a-db.duckdb');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not a duckdb file '.repeat(200));
    await assert.rejects(createDuckDBStore({ path }), {
      kind: 'store_unavailable',
      message: new RegExp(`Cannot open DuckDB store ${path}: `),
    });
  });

  it('refuses a series name that is not well-formed Unicode, and writes nothing', async () => {
    const store = await createDuckDBStore({ path: join(dir, 'surrogate.duckdb') });
    try {
      const p = { entity: 'asn/1', signal: 's', source: 'x', bin: 0, value: 1, coverage: 1 };
      await assert.rejects(store.writePoints([p, { ...p, source: 'x\ud800' }]), {
        kind: 'bad_input',
        message: /not well-formed Unicode/,
      });
      await store.writePoints([p, { ...p, source: 'x\ufffd' }]);
      assert.equal((await store.info()).series, 2);
    } finally {
      await store.close();
    }
  });

  it('exposes a deduplicated signal_points view for SQL users', async () => {
    const path = join(dir, 'view.duckdb');
    const store = await createDuckDBStore({ path });
    const p = {
      entity: 'asn/9198',
      signal: 's',
      source: 'x',
      bin: 1641376800,
      value: 1,
      coverage: 1,
    };
    await store.writePoints([p]);
    await store.writePoints([{ ...p, value: 2 }]);
    await store.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const rows = (
      await connection.runAndReadAll(
        "SELECT entity, value, strftime(bin, '%Y-%m-%dT%H:%MZ') FROM signal_points",
      )
    ).getRows();
    connection.closeSync();
    instance.closeSync();
    assert.deepEqual(rows, [['asn/9198', 2, '2022-01-05T10:00Z']]);
  });
});
