/**
 * The CLI as a person runs it: a real process, real files, and exit codes per failure kind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Command } from 'commander';
import { createProgram } from '../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'nightlight-cli-'));
const entry = join(import.meta.dirname, '../src/cli/entry.ts');

// 2.132.0.0–2.135.255.255 → AS9198 KZ, as in the real tables; nothing else.
const asnTable = join(dir, 'asn.csv');
writeFileSync(asnTable, '42205184,42467327,9198,JSC Kazakhtelecom\n');
const countryTable = join(dir, 'country.csv');
writeFileSync(countryTable, '42205184,42467327,KZ\n');
const geoEnv = { NIGHTLIGHT_GEO_ASN_TABLES: asnTable, NIGHTLIGHT_GEO_COUNTRY_TABLES: countryTable };

function nightlight(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, ...args],
    {
      cwd: dir,
      env: { ...process.env, ...options.env },
      input: options.input ?? '',
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('nightlight CLI', () => {
  it('has --help for every command', () => {
    const { code, stdout } = nightlight(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: nightlight/);
    const walk = (command: Command, path: string[]): string[][] => [
      path,
      ...command.commands.flatMap((sub) => walk(sub, [...path, sub.name()])),
    ];
    const all = walk(createProgram(), []).filter((path) => path.length > 0);
    assert.ok(all.length >= 6, `found ${all.length} commands`);
    for (const path of all) {
      let command = createProgram();
      for (const name of path) command = command.commands.find((c) => c.name() === name)!;
      assert.match(
        command.helpInformation(),
        new RegExp(`^Usage: nightlight ${path.join(' ')}`),
        path.join(' '),
      );
      assert.notEqual(command.description(), '', `${path.join(' ')} has a description`);
    }
    assert.equal(nightlight(['geo', 'lookup', '--help']).code, 0);
  });

  it('exits 64 on an unknown command', () => {
    const { code, stderr } = nightlight(['frobnicate']);
    assert.equal(code, 64);
    assert.match(stderr, /unknown command 'frobnicate'/);
  });

  it('creates a DuckDB store and describes it as JSON', () => {
    const db = join(dir, 'init.duckdb');
    assert.equal(nightlight(['db', 'init', '--db', db]).stdout, `Store ready: duckdb ${db}\n`);
    const { code, stdout } = nightlight(['db', 'info', '--db', db, '--json']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      kind: 'duckdb',
      location: db,
      series: 0,
      points: 0,
      events: 0,
      checkpoints: 0,
      seriesList: [],
    });
  });

  it('exits 69 with one line when the store cannot be opened', async () => {
    const notADatabase = join(dir, 'garbage.duckdb');
    writeFileSync(notADatabase, 'garbage'.repeat(1000));
    const garbage = nightlight(['db', 'info', '--db', notADatabase]);
    assert.equal(garbage.code, 69);
    assert.match(
      garbage.stderr,
      new RegExp(`^nightlight: Cannot open DuckDB store ${notADatabase}: .*\n$`),
    );

    const locked = join(dir, 'locked.duckdb');
    const holder = await DuckDBInstance.create(locked);
    try {
      const { code, stderr } = nightlight(['db', 'info', '--db', locked]);
      assert.equal(code, 69);
      assert.match(stderr, /Cannot open DuckDB store .*locked\.duckdb: .*lock/i);
    } finally {
      holder.closeSync();
    }
  });

  it('exits 78 naming every bad config entry, and for a bad store URL', () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'store: 7\ngeo:\n  mmdb: 3\n');
    const { code, stderr } = nightlight(['db', 'info', '--config', config]);
    assert.equal(code, 78);
    assert.equal(stderr.split('\n').length, 2, 'one line');
    assert.match(
      stderr,
      /^nightlight: Invalid configuration in .*bad\.yaml.*: store: .*; geo\.mmdb: /,
    );
    const url = nightlight(['db', 'info', '--store', 'postgres://x/y']);
    assert.equal(url.code, 78);
    assert.match(
      url.stderr,
      /Cannot open store: expected memory:, duckdb:PATH or clickhouse:\/\/host:port\/db, found "postgres:\/\/x\/y"/,
    );
  });

  it('attributes addresses from the configured tables, as a table or JSON, from args or stdin', () => {
    const table = nightlight(['geo', 'lookup', '2.132.0.1', '10.0.0.1'], { env: geoEnv });
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(
      lines[1]!,
      /^2\.132\.0\.1\s+9198\s+JSC Kazakhtelecom\s+KZ\s+-\s+fixed\s+ip-location-db$/,
    );
    assert.match(lines[2]!, /^10\.0\.0\.1\s+-\s+-\s+-\s+-\s+unknown/);
    const json = nightlight(['geo', 'lookup', '-', '--json'], {
      env: geoEnv,
      input: '2.135.255.255\n\n2.136.0.0\n',
    });
    const answers = JSON.parse(json.stdout) as {
      ip: string;
      asn: number | null;
      country: string | null;
    }[];
    assert.deepEqual(
      answers.map((a) => [a.ip, a.asn, a.country]),
      [
        ['2.135.255.255', 9198, 'KZ'],
        ['2.136.0.0', null, null],
      ],
    );
  });

  it("lists a country's networks and refuses an empty country with exit 66", () => {
    const { code, stdout } = nightlight(['geo', 'networks', 'kz', '--json'], { env: geoEnv });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      country: 'KZ',
      networks: 1,
      ipv4Addresses: 262144,
      shown: [{ asn: 9198, name: 'JSC Kazakhtelecom', ipv4Addresses: 262144, accessType: 'fixed' }],
    });
    assert.equal(nightlight(['geo', 'networks', 'TM'], { env: geoEnv }).code, 66);
  });

  it('gives one clear message for a bad address or an unreadable geo table', () => {
    const bad = nightlight(['geo', 'lookup', '2.132.0.999'], { env: geoEnv });
    assert.equal(bad.code, 65);
    assert.match(bad.stderr, /^nightlight: Cannot parse IP address: .*"2\.132\.0\.999"\n$/);
    const missing = nightlight(['geo', 'lookup', '1.1.1.1'], {
      env: { ...geoEnv, NIGHTLIGHT_GEO_ASN_TABLES: join(dir, 'nope-ipv4.csv') },
    });
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /^nightlight: Cannot read geo table .*nope-ipv4\.csv: ENOENT.*\n$/,
    );
  });
});
