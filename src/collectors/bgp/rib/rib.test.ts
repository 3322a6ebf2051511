import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AS_SEQUENCE } from '../bgp-message/models.js';
import { createRib } from './rib.js';

const prefix = (i: number) => ({
  address: { family: 4 as const, value: (0x0a000000 + i * 256) >>> 0 },
  length: 24,
});
const facts = (origin: number) => ({
  origin: 0,
  asPath: [{ type: AS_SEQUENCE, asns: [1, origin] }],
  nextHop: null,
});

describe('rib', () => {
  it('agrees with a plain model through announcements, withdrawals and the switch to dense storage', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            peer: fc.integer({ min: 0, max: 2 }),
            prefix: fc.integer({ min: 0, max: 9000 }),
            pathId: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 })),
            origin: fc.integer({ min: 0, max: 5 }),
            withdraw: fc.boolean(),
          }),
          { minLength: 4000, maxLength: 12000 },
        ),
        (ops) => {
          const rib = createRib();
          const peers = [0, 1, 2].map((i) => rib.peer(`10.0.0.${i}`, 64512 + i));
          const model = peers.map(() => new Map<string, number>());
          // Peer 0 passes MIN_DENSE (4096) and 1/16 of the prefixes: it switches to dense.
          for (let i = 0; i < 5000; i++) {
            rib.announce(peers[0]!, prefix(i * 2), null, facts(9));
            model[0]!.set(`${i * 2}/0`, 9);
          }
          for (const op of ops) {
            const key = `${op.prefix}/${op.pathId ?? 0}`;
            if (op.withdraw) {
              const { previous } = rib.withdraw(peers[op.peer]!, prefix(op.prefix), op.pathId);
              assert.equal(previous !== -1, model[op.peer]!.delete(key));
            } else {
              rib.announce(peers[op.peer]!, prefix(op.prefix), op.pathId, facts(op.origin));
              model[op.peer]!.set(key, op.origin);
            }
          }
          for (const [i, peer] of peers.entries()) {
            const info = rib.peers()[peer]!;
            assert.equal(info.routes, model[i]!.size);
            const distinct = new Set([...model[i]!.keys()].map((k) => k.split('/')[0]));
            assert.equal(info.ipv4Prefixes, distinct.size);
            const seen = new Map<string, number>();
            rib.forEachRoute(peer, (id, pathId, attr) => {
              const p = rib.prefixes.prefix(id);
              const index = ((p.address.family === 4 ? p.address.value : 0) - 0x0a000000) / 256;
              seen.set(`${index}/${pathId}`, rib.attributes.originAs(attr));
            });
            assert.deepEqual(new Map([...seen].sort()), new Map([...model[i]!].sort()));
          }
        },
      ),
      { seed: 11, numRuns: 4, endOnFailure: true },
    );
  });
});
