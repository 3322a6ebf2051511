/**
 * `nightlight cost` as a person runs it: a real process, its JSON parsed back and checked
 * against the formula it prints, and the exit codes of missing data and bad flags.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CostEstimate } from '../../src/impact/cost-model.js';
import type { EventCost } from '../../src/impact/event-cost.js';
import type { OutageEvent } from '../../src/model/event.js';
import { parseTime } from '../../src/model/time.js';
import { openStore } from '../../src/store/open-store.js';
import type { RangedValue } from '../../src/impact/ranged.js';

const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const cwd = mkdtempSync(join(tmpdir(), 'nightlight-cost-'));

// Two KZ networks: AS9198 (fixed, 2.132.0.0/14, 262,144 addresses) and AS29355 (mobile,
// 5.76.0.0/16, 65,536 addresses).
const asnTable = join(cwd, 'asn.csv');
writeFileSync(
  asnTable,
  '42205184,42467327,9198,JSC Kazakhtelecom\n88866816,88932351,29355,Kcell JSC\n',
);
const countryTable = join(cwd, 'country.csv');
writeFileSync(countryTable, '42205184,42467327,KZ\n88866816,88932351,KZ\n');
const geoEnv = { NIGHTLIGHT_GEO_ASN_TABLES: asnTable, NIGHTLIGHT_GEO_COUNTRY_TABLES: countryTable };

function nightlight(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, ...args],
    {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The product of the inputs' values, as the printed formula says. */
function recompute(e: CostEstimate, pick: 'value' | 'low' | 'high'): number {
  const i = e.inputs;
  return (
    i.dailyGdpUsd[pick] *
    i.digitalShare[pick] *
    i.affectedShare[pick] *
    i.loss[pick] *
    (i.hours[pick] / 24)
  );
}

describe('nightlight cost', () => {
  it('prints Kazakhstan 144 h nationwide as JSON that matches its own formula', () => {
    const { code, stdout, stderr } = nightlight([
      'cost',
      '--country',
      'KZ',
      '--hours',
      '144',
      '--type',
      'nationwide',
      '--year',
      '2022',
      '--json',
    ]);
    assert.equal(code, 0, stderr);
    const e = JSON.parse(stdout) as CostEstimate;
    assert.equal(e.country, 'KZ');
    assert.equal(e.inputs.gdpUsd?.year, 2021);
    assert.match(e.formula, /GDP \/ 365 × digital_share × affected_share × loss × hours \/ 24/);
    for (const [pick, field] of [
      ['value', 'central'],
      ['low', 'low'],
      ['high', 'high'],
    ] as const)
      assert.ok(Math.abs(recompute(e, pick) - e[field]) < 1e-3, field);
    assert.ok(e.low <= e.central && e.central <= e.high);
    for (const input of Object.values(e.inputs) as RangedValue[]) assert.notEqual(input.source, '');
  });

  it('takes overrides as values or ranges, and the exchange rate', () => {
    const { code, stdout, stderr } = nightlight([
      'cost',
      '--country',
      'KZ',
      '--hours',
      '24',
      '--type',
      'mobile',
      '--mobile-share',
      '0.75',
      '--digital-share',
      '0.02:0.05',
      '--gdp',
      '365e9',
      '--exchange-rate',
      '450',
      '--currency',
      'KZT',
      '--json',
    ]);
    assert.equal(code, 0, stderr);
    const e = JSON.parse(stdout) as CostEstimate;
    // 365e9 / 365 = 1e9 a day × 0.035 (midpoint of 0.02–0.05) × 0.75 × 1 day = 26.25 M.
    assert.ok(Math.abs(e.central - 26.25e6) < 1e-3);
    assert.ok(Math.abs(e.low - 1e9 * 0.02 * 0.75) < 1e-3);
    assert.equal(e.local?.currency, 'KZT');
    assert.ok(Math.abs(e.local.central - 26.25e6 * 450) < 1);
  });

  it('prints a table with the range and the sources', () => {
    const { code, stdout } = nightlight(['cost', '--country', 'KZ', '--hours', '144']);
    assert.equal(code, 0);
    assert.match(stdout, /^Kazakhstan \(KZ\), nationwide, 144 h\ncost: US\$ [\d.]+M +\(low/);
    assert.match(stdout, /World Bank GDP \(current US\$\)/);
  });

  it('names the missing input and exits with its failure code', () => {
    const noGdp = nightlight(['cost', '--country', 'KP', '--hours', '24']);
    assert.equal(noGdp.code, 66);
    assert.match(noGdp.stderr, /Cannot estimate cost for KP: no GDP in the World Bank table/);
    const noHours = nightlight(['cost', '--country', 'KZ']);
    assert.equal(noHours.code, 65);
    assert.match(noHours.stderr, /expected --country and --hours \(or --event ID\)/);
    const regional = nightlight(['cost', '--country', 'KZ', '--hours', '24', '--type', 'regional']);
    assert.equal(regional.code, 65);
    assert.match(regional.stderr, /no affected share/);
    const badType = nightlight(['cost', '--country', 'KZ', '--hours', '24', '--type', 'partial']);
    assert.equal(badType.code, 65);
    assert.match(
      badType.stderr,
      /Cannot use --type: expected nationwide, regional, mobile, throttling, app/,
    );
    const badRange = nightlight([
      'cost',
      '--country',
      'KZ',
      '--hours',
      '24',
      '--digital-share',
      '0.05:0.01',
    ]);
    assert.equal(badRange.code, 65);
    assert.match(badRange.stderr, /expected low ≤ value ≤ high/);
  });

  it('costs a stored event by the users of its networks', async () => {
    const db = join(cwd, 'events.duckdb');
    const start = parseTime('2022-01-05T10:00:00Z');
    const event: OutageEvent = {
      id: 'kz-fixed',
      start,
      end: start + 10 * 3600,
      scope: 'single-network',
      access: 'fixed',
      layers: ['reachability'],
      mechanisms: ['blackhole-routes-up'],
      location: 'country/KZ',
      affected: [{ entity: 'asn/9198', intervals: [{ start, end: start + 10 * 3600 }], depth: 0 }],
      apps: [],
      depth: 0,
      severity: 'major',
      confidence: 0.9,
      signals: ['traffic.requests'],
      updatedAt: start,
    };
    const store = await openStore(`duckdb:${db}`);
    try {
      await store.writeEvents([event]);
    } finally {
      await store.close();
    }
    const { code, stdout, stderr } = nightlight(
      ['cost', '--event', 'kz-fixed', '--db', db, '--json'],
      geoEnv,
    );
    assert.equal(code, 0, stderr);
    const cost = JSON.parse(stdout) as EventCost;
    // Users: AS9198 262,144 × 2 (fixed) = 524,288; AS29355 65,536 × 20 (mobile) = 1,310,720:
    // the fixed network is 2/7 of users, cut for all 10 h.
    assert.ok(Math.abs(cost.affected!.users.average - 2 / 7) < 1e-12);
    assert.equal(cost.type, 'regional');
    // 2021 GDP / 365 × 0.034 × 2/7 × (1 − 0) × 10 h / 24.
    assert.ok(Math.abs(cost.central - (197112255361 / 365) * 0.034 * (2 / 7) * (10 / 24)) < 1e-3);
    // Configured counts replace the address-space estimate: 1 M of 4 M users; a bad line is
    // reported and skipped.
    const usersFile = join(cwd, 'users.csv');
    writeFileSync(usersFile, 'asn,users,source\n9198,1000000,test\n29355,3000000,test\noops\n');
    const withUsers = nightlight(
      ['cost', '--event', 'kz-fixed', '--db', db, '--users', usersFile, '--json'],
      geoEnv,
    );
    assert.equal(withUsers.code, 0, withUsers.stderr);
    assert.equal((JSON.parse(withUsers.stdout) as EventCost).affected!.users.average, 0.25);
    assert.match(withUsers.stderr, /skipped .*users\.csv:4: expected asn,users,source/);
    const missing = nightlight(['cost', '--event', 'nope', '--db', db], geoEnv);
    assert.equal(missing.code, 66);
    assert.match(missing.stderr, /Cannot cost event nope: no such event in the store/);
    const table = nightlight(['cost', '--event', 'kz-fixed', '--db', db], geoEnv);
    assert.match(table.stdout, /^event kz-fixed\naffected \(networks\): users 28\.6% on average/);
  });
});
