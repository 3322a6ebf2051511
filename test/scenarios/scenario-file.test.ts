/**
 * Scenario files: every shipped one is valid, and an invalid one is refused with every
 * problem named by its path, all at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { isNightlightError } from '../../src/model/failure.js';
import { listScenarios, loadScenario } from '../../src/scenario/load-scenario.js';
import { parseScenario } from '../../src/scenario/scenario-schema.js';
import { TINY } from './support.js';

function problemsOf(raw: unknown): string {
  try {
    parseScenario(raw, 'test.yaml');
  } catch (error) {
    assert.ok(isNightlightError(error));
    assert.equal(error.kind, 'bad_input');
    return error.message;
  }
  assert.fail('expected the scenario to be refused');
}

const tiny = () =>
  parse(readFileSync(TINY, 'utf8')) as Record<string, unknown> & {
    asns: Record<string, unknown>[];
    script: Record<string, unknown>[];
  };

describe('scenario files', () => {
  it('ships the whole set, each valid', async () => {
    const names = (await listScenarios()).map((s) => s.name);
    for (const name of [
      'kz-2022',
      'regional-power-cut',
      'mobile-only-shutdown',
      'app-blocking',
      'single-asn-outage',
      'collector-outage',
      'quiet-week',
    ])
      assert.ok(names.includes(name), `${name} is missing from scenarios/`);
  });

  it('names each problem by its path, all at once', () => {
    const raw = tiny();
    raw.asns[1]!.access = 'satellite';
    raw.script[0]!.action = 'throttle';
    delete raw.website;
    const message = problemsOf(raw);
    assert.match(message, /^Invalid scenario in test\.yaml: /);
    assert.match(message, /asns\.1\.access: /);
    assert.match(message, /website: /);
    // zod reports field-level problems before refinements: fix those, then the refinement shows.
    const second = tiny();
    second.script[0]!.action = 'throttle';
    assert.match(problemsOf(second), /script\.0\.level: throttle needs a level/);
  });

  it('checks references between sections', () => {
    const raw = tiny();
    raw.script[0]!.target = { asns: [65000], regions: ['KZ-99'] };
    (raw.regions as Record<string, unknown>[])[0]!.code = 'UZ-TK';
    const message = problemsOf(raw);
    assert.match(message, /script\.0\.target\.asns\.0: AS65000 is not in asns/);
    assert.match(message, /script\.0\.target\.regions\.0: KZ-99 is not in regions/);
    assert.match(message, /regions\.0\.code: UZ-TK is not in KZ/);
  });

  it('refuses a script action outside the time range and a missing scenario by name', async () => {
    const raw = tiny();
    raw.script[0]!.at = '2030-01-01T00:00:00Z';
    delete raw.script[0]!.until;
    assert.match(problemsOf(raw), /script\.0\.at: outside the scenario's time range/);
    await assert.rejects(
      loadScenario('no-such-scenario'),
      (e: unknown) => isNightlightError(e) && e.kind === 'not_found' && /kz-2022/.test(e.message),
    );
  });
});
