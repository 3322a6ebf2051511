import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignalPoint } from '../model/signal.js';
import { allocateVersions, reserveVersions, validatePointRows } from './clickhouse-rows.js';

const POINT: SignalPoint = {
  entity: 'asn/64500',
  signal: 'bgp.slash24',
  source: 'rv-1',
  bin: 1_641_038_400,
  value: 1,
  coverage: 1,
};

describe('reserveVersions', () => {
  it('hands out consecutive ranges, each above every earlier one', () => {
    const first = reserveVersions(3);
    const second = reserveVersions(1);
    const third = allocateVersions(2);
    assert.ok(first >= BigInt(Date.now() - 60_000) << 20n, 'starts from the clock');
    assert.equal(second, first + 3n);
    assert.deepEqual([third(0), third(1)], [`${second + 1n}`, `${second + 2n}`]);
  });
});

describe('validatePointRows', () => {
  it('takes any well-formed name, including astral characters', () => {
    validatePointRows([POINT, { ...POINT, entity: 'país/日本/🚀', source: '𝔰' }]);
  });

  it('refuses a lone surrogate, which UTF-8 would turn into U+FFFD', () => {
    for (const [field, point] of [
      ['entity', { ...POINT, entity: 'asn/\ud800' }],
      ['signal', { ...POINT, signal: 'bgp\udc00x' }],
      ['source', { ...POINT, source: '🚀\ud83d' }],
    ] as const) {
      assert.throws(() => validatePointRows([POINT, point]), {
        kind: 'bad_input',
        message: new RegExp(
          `^Cannot write signal point 1: ${field} must be well-formed Unicode, found a lone surrogate U\\+D[89A-F][0-9A-F]{2} at character \\d$`,
        ),
      });
    }
  });

  it('refuses a bin past UInt32', () => {
    assert.throws(() => validatePointRows([{ ...POINT, bin: 2 ** 32 }]), {
      kind: 'bad_input',
      message:
        'Cannot write signal point 0: bin must be before 2106 (UInt32 seconds), found 4294967296',
    });
  });
});
