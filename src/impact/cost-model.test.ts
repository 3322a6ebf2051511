import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COST_TYPES, estimateCost, type CostInputs } from './cost-model.js';
import type { IndicatorTable } from './indicators.js';

// A made-up country with round numbers: GDP 365 bn (2021) and 438 bn (2022) US$, so a day is
// 1.0 bn and 1.2 bn; 36.5 M people, so 10,000 US$ per head: upper-middle income, digital
// share 0.034 (0.019–0.06).
const table: IndicatorTable = {
  source: { gdpUsd: 'test table', population: 'test table' },
  country: (code) =>
    code === 'AA'
      ? {
          name: 'Testland',
          iso3: 'AAA',
          gdpUsd: { '2021': 365e9, '2022': 438e9 },
          population: { '2021': 36.5e6 },
        }
      : code === 'CC'
        ? { name: 'No people', iso3: 'CCC', gdpUsd: { '2021': 365e9 }, population: {} }
        : code === 'BB'
          ? { name: 'No GDP', iso3: 'BBB', gdpUsd: {}, population: { '2021': 1e6 } }
          : undefined,
};

const base = { country: 'AA', hours: 48, year: 2022, indicators: table } as const;
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${actual} ≠ ${expected}`);

describe('estimateCost', () => {
  it('nationwide: daily GDP × digital share × 1 × 1 × days', () => {
    const e = estimateCost({ ...base, type: 'nationwide' });
    close(e.central, 1e9 * 0.034 * 2); // 2021 GDP / 365 = 1.0e9; 48 h = 2 days → 68.0 M
    close(e.low, 1e9 * 0.019 * 2); // 38.0 M
    close(e.high, 1.2e9 * 0.06 * 2); // 2022 GDP / 365 = 1.2e9 → 144.0 M
    assert.equal(e.inputs.gdpUsd?.year, 2021);
    assert.equal(e.incomeGroup, 'upper-middle');
    assert.equal(e.local, null);
  });

  it('mobile-only: the mobile share is the affected share', () => {
    const e = estimateCost({
      ...base,
      type: 'mobile',
      overrides: { mobileShare: { low: 0.5, value: 0.75, high: 0.9 } },
    });
    close(e.central, 1e9 * 0.034 * 0.75 * 2); // 51.0 M
    close(e.low, 1e9 * 0.019 * 0.5 * 2); // 19.0 M
    close(e.high, 1.2e9 * 0.06 * 0.9 * 2); // 129.6 M
  });

  it('throttling: loss = throttle weight × (1 − depth)', () => {
    const e = estimateCost({ ...base, type: 'throttling', overrides: { depth: 0.2 } });
    close(e.inputs.loss.value, 0.75 * 0.8); // 0.6
    close(e.central, 1e9 * 0.034 * 1 * 0.6 * 2); // 40.8 M
    close(e.low, 1e9 * 0.019 * (0.5 * 0.8) * 2); // 15.2 M
    close(e.high, 1.2e9 * 0.06 * (1 * 0.8) * 2); // 115.2 M
  });

  it('app-only: loss = the app share; exact overrides give a zero-width range', () => {
    const e = estimateCost({
      ...base,
      type: 'app',
      overrides: { gdpUsd: 365e9, digitalShare: 0.05, appShare: 0.1 },
    });
    close(e.central, 1e9 * 0.05 * 0.1 * 2); // 10.0 M
    assert.equal(e.low, e.central);
    assert.equal(e.high, e.central);
    assert.equal(e.inputs.gdpUsd?.source, 'user override');
  });

  it('regional: the given affected share, and a deeper cut costs more', () => {
    const shallow = estimateCost({
      ...base,
      type: 'regional',
      overrides: { affectedShare: 0.25, depth: 0.5 },
    });
    close(shallow.central, 1e9 * 0.034 * 0.25 * 0.5 * 2); // 8.5 M
    const deep = estimateCost({ ...base, type: 'regional', overrides: { affectedShare: 0.25 } });
    assert.ok(deep.central > shallow.central);
  });

  it('gives the cost in the local currency at the rate given', () => {
    const e = estimateCost({
      ...base,
      type: 'nationwide',
      exchangeRate: { rate: 450, currency: 'KZT' },
    });
    assert.equal(e.local?.currency, 'KZT');
    close(e.local.central, e.central * 450);
    close(e.local.high, e.high * 450);
  });

  it('Kazakhstan, 144 h nationwide, from the bundled World Bank table', () => {
    const e = estimateCost({ country: 'KZ', type: 'nationwide', hours: 144, year: 2022 });
    // GDP 2021 = 197,112,255,361 US$; / 365 = 540,033,576.3 a day; × 0.034 × 6 days.
    close(e.central, (197112255361 / 365) * 0.034 * 6); // ≈ 110.2 M
    // High: GDP 2022 = 225,496,328,925 US$; / 365 × 0.06 × 6.
    close(e.high, (225496328925 / 365) * 0.06 * 6); // ≈ 222.4 M
    assert.equal(e.inputs.gdpUsd?.year, 2021);
  });

  it('names what is missing instead of returning zero', () => {
    const cases: [Partial<CostInputs>, RegExp][] = [
      [{ country: 'BB' }, /: Cannot estimate cost for BB: no GDP in the World Bank table/],
      [{ country: 'ZZ' }, /: Cannot estimate cost for ZZ: the country is not in the World Bank/],
      [
        { year: 2015 },
        /no GDP in the World Bank table for 2015 or earlier \(years there 2021–2022\)/,
      ],
      [{ type: 'regional' }, /no affected share .* given or bundled/],
      [{ type: 'mobile' }, /Cannot estimate cost for AA \(mobile\): no mobile share/],
      [{ type: 'throttling' }, /no depth/],
      [{ type: 'app' }, /no app share/],
    ];
    for (const [change, message] of cases)
      assert.throws(() => estimateCost({ ...base, type: 'nationwide', ...change }), message);
    assert.throws(
      () => estimateCost({ country: 'KP', type: 'nationwide', hours: 1 }),
      /: Cannot estimate cost for KP: no GDP in the World Bank table/,
    );
  });

  it('without a population asks for the digital share, and takes it when given', () => {
    assert.throws(
      () => estimateCost({ ...base, country: 'CC', type: 'nationwide' }),
      /Cannot estimate cost for CC \(nationwide\): no digital share \(and no population/,
    );
    const e = estimateCost({
      ...base,
      country: 'CC',
      type: 'nationwide',
      overrides: { digitalShare: 0.05 },
    });
    assert.equal(e.incomeGroup, null);
    close(e.central, 1e9 * 0.05 * 2); // 100.0 M
  });

  it('refuses shares above 1 and ranges out of order', () => {
    assert.throws(
      () => estimateCost({ ...base, type: 'nationwide', overrides: { affectedShare: 1.5 } }),
      /Cannot use affected share: expected a share between 0 and 1/,
    );
    assert.throws(
      () =>
        estimateCost({
          ...base,
          type: 'nationwide',
          overrides: { digitalShare: { low: 0.05, value: 0.03 } },
        }),
      /expected low ≤ value ≤ high/,
    );
  });

  it('uses the latest GDP without a year, and says when it is older than the event', () => {
    assert.equal(
      estimateCost({ ...base, year: undefined!, type: 'nationwide' }).inputs.gdpUsd?.year,
      2022,
    );
    const later = estimateCost({ ...base, year: 2026, type: 'nationwide' });
    assert.equal(later.inputs.gdpUsd?.year, 2022);
    assert.match(later.notes.join('\n'), /GDP is for 2022, 4 years before the event/);
  });

  it('keeps low ≤ central ≤ high and scales linearly with hours, for any inputs', () => {
    const range = fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map((xs) => xs.sort((a, b) => a - b))
      .map(([low, value, high]) => ({ low: low, value: value, high: high }));
    fc.assert(
      fc.property(
        fc.constantFrom(...COST_TYPES),
        fc.double({ min: 0.01, max: 10000, noNaN: true }),
        fc.constantFrom(undefined, 2021, 2022, 2030),
        range,
        range,
        range,
        (type, hours, year, share, depth, digital) => {
          const inputs: CostInputs = {
            country: 'AA',
            indicators: table,
            type,
            hours,
            ...(year === undefined ? {} : { year }),
            overrides: {
              affectedShare: share,
              mobileShare: share,
              depth,
              appShare: share,
              digitalShare: digital,
            },
          };
          const e = estimateCost(inputs);
          assert.ok(
            0 <= e.low && e.low <= e.central && e.central <= e.high,
            `${e.low} ${e.central} ${e.high}`,
          );
          const twice = estimateCost({ ...inputs, hours: 2 * hours });
          close(twice.central + 1, 2 * e.central + 1);
        },
      ),
    );
  });
});
