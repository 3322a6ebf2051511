import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createBinWindow, type ClosedBin, type ResumeState } from './bin-window.js';

/** A closed bin as comparable data: bin, coverage, and its addresses with counts. */
function flat(closed: ClosedBin) {
  const ips: number[] = [];
  closed.tally.forEachIpv4((ip, counts) => ips.push(ip, counts[0]!));
  return { bin: closed.bin, coverage: closed.coverage, ips };
}

/** Runs records [start, end) through a window; checkpoints after every `every` records. */
function run(
  records: readonly [number, number][],
  start: number,
  from: ResumeState<number> | undefined,
  every: number,
  stopAt = Infinity,
) {
  let index = start;
  const window = createBinWindow<number>({
    stepSeconds: 300,
    toleranceSeconds: 120,
    counters: 1,
    position: () => index,
    from,
  });
  const closed: ReturnType<typeof flat>[] = [];
  let checkpoint: { state: ResumeState<number> | null; written: number } | null = null;
  for (; index < records.length && index < stopAt; index++) {
    const [time, ip] = records[index]!;
    window.tallyFor(time)?.addIpv4(ip, 0);
    if ((index + 1) % every === 0) {
      closed.push(...window.closeReady().map(flat));
      checkpoint = { state: window.resume(index + 1), written: closed.length };
    }
  }
  if (index >= records.length) closed.push(...window.closeAll().map(flat));
  return { closed, checkpoint };
}

describe('createBinWindow', () => {
  it('refuses records older than the tolerance and gives partial first and last bins their coverage', () => {
    let index = 0;
    const window = createBinWindow<number>({
      stepSeconds: 300,
      toleranceSeconds: 60,
      counters: 1,
      position: () => index++,
    });
    assert.ok(window.tallyFor(1000)); // bin 900, the span starts at 1000
    assert.ok(window.tallyFor(1230)); // bin 1200
    assert.ok(window.tallyFor(1190)); // 40 s out of order, bin 900 still open
    assert.ok(window.tallyFor(1265)); // the watermark passes 900 + 300 + 60
    assert.equal(window.tallyFor(1199), null);
    assert.deepEqual(
      window.closeReady().map((c) => [c.bin, c.coverage]),
      [[900, 2 / 3]],
    );
    assert.ok(window.tallyFor(1550));
    const rest = window.closeAll();
    assert.deepEqual(
      rest.map((c) => [c.bin, c.coverage]),
      [
        [1200, 1],
        [1500, 51 / 300],
      ],
    );
  });

  it('resumed from any checkpoint, closes exactly the bins an uninterrupted run closes after it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -200, max: 400 }), fc.integer({ min: 0, max: 40 })), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        (steps, every, cut) => {
          // A clock that mostly advances, with lines up to 200 s out of order.
          let clock = 1_000_000;
          const records = steps.map(([jump, ip]): [number, number] => {
            clock += Math.max(0, jump);
            return [clock + Math.min(0, jump), ip];
          });
          const whole = run(records, 0, undefined, every);
          const killed = run(records, 0, undefined, every, cut % (records.length + 1));
          if (killed.checkpoint?.state == null) return;
          const { state, written } = killed.checkpoint;
          const resumed = run(records, state.position, state, every);
          assert.deepEqual([...killed.closed.slice(0, written), ...resumed.closed], whole.closed);
        },
      ),
      { numRuns: 500 },
    );
  });
});
