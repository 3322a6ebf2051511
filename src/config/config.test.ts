import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-config-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('configuration', () => {
  it('uses defaults when there is no file', () => {
    const config = loadConfig({ cwd: dir, env: {} });
    assert.deepEqual(config, {
      store: 'duckdb:nightlight.duckdb',
      stepSeconds: 300,
      geo: {},
    });
  });

  it('reads YAML and JSON files', () => {
    const yaml = write('a.yaml', 'store: "memory:"\nstepSeconds: 60\ngeo:\n  mmdb: city.mmdb\n');
    assert.deepEqual(loadConfig({ path: yaml, cwd: dir, env: {} }), {
      store: 'memory:',
      stepSeconds: 60,
      geo: { mmdb: 'city.mmdb' },
    });
    const json = write('b.json', '{"store": "duckdb:x.duckdb"}');
    assert.equal(loadConfig({ path: json, cwd: dir, env: {} }).store, 'duckdb:x.duckdb');
  });

  it('reports every problem with its path in one message', () => {
    const bad = write(
      'bad.yaml',
      'store: 42\nstepSeconds: -5\ngeo:\n  asnTables: [""]\n  colour: blue\nextra: 1\n',
    );
    assert.throws(
      () => loadConfig({ path: bad, cwd: dir, env: {} }),
      (error: Error & { kind?: string }) => {
        assert.equal(error.kind, 'bad_config');
        for (const path of [
          'store:',
          'stepSeconds:',
          'geo.asnTables.0:',
          'geo:',
          'extra',
          'colour',
        ]) {
          assert.ok(error.message.includes(path), `${path} missing from: ${error.message}`);
        }
        assert.ok(error.message.startsWith(`Invalid configuration in ${bad}`));
        return true;
      },
    );
  });

  it('gives one clear message for an unreadable or unparsable file', () => {
    assert.throws(() => loadConfig({ path: join(dir, 'missing.yaml'), cwd: dir, env: {} }), {
      kind: 'bad_config',
      message: /^Cannot read configuration file .*missing\.yaml: ENOENT/,
    });
    const broken = write('broken.json', '{"store": ');
    assert.throws(() => loadConfig({ path: broken, cwd: dir, env: {} }), {
      kind: 'bad_config',
      message: /^Cannot parse configuration file .*broken\.json: /,
    });
  });

  it('lets the environment override the file, and validates it the same way', () => {
    const file = write('c.yaml', 'store: "memory:"\n');
    const env = {
      NIGHTLIGHT_STORE: 'duckdb:env.duckdb',
      NIGHTLIGHT_GEO_ASN_TABLES: 'a.csv, b.csv.gz',
    };
    const config = loadConfig({ path: file, cwd: dir, env });
    assert.equal(config.store, 'duckdb:env.duckdb');
    assert.deepEqual(config.geo.asnTables, ['a.csv', 'b.csv.gz']);
    assert.throws(() => loadConfig({ cwd: dir, env: { NIGHTLIGHT_STEP_SECONDS: 'soon' } }), {
      kind: 'bad_config',
      message: /stepSeconds: /,
    });
  });

  it('finds nightlight.config.yaml in the working directory', () => {
    const own = mkdtempSync(join(tmpdir(), 'nightlight-config-cwd-'));
    writeFileSync(join(own, 'nightlight.config.yaml'), 'stepSeconds: 600\n');
    assert.equal(loadConfig({ cwd: own, env: {} }).stepSeconds, 600);
  });
});
