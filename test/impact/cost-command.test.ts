/**
 * `nightlight cost` as a person runs it: a real process, its JSON parsed back and checked
 * against the formula it prints, and the exit codes of missing data and bad flags.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CostEstimate } from '../../src/impact/cost-model.js';
import type { RangedValue } from '../../src/impact/ranged.js';

const entry = join(import.meta.dirname, '../../src/cli/entry.ts');
const cwd = mkdtempSync(join(tmpdir(), 'nightlight-cost-'));

function nightlight(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), entry, ...args],
    {
      cwd,
      env: { ...process.env },
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
});
