import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { formatPrefix } from '../../../geo/prefix.js';
import type { MrtResult } from '../mrt/models.js';
import { createRouteView } from '../mrt/routes.js';
import { readRisLive } from './read-ris-live.js';

const sample = fileURLToPath(
  new URL('../../../../../shared/fixtures/mrt/ris-live-sample.json', import.meta.url),
);

async function collect(
  source: AsyncIterable<Uint8Array | string> | Iterable<string>,
): Promise<MrtResult[]> {
  const out: MrtResult[] = [];
  const chunks = async function* () {
    for await (const chunk of source) yield chunk;
  };
  for await (const batch of readRisLive(chunks())) out.push(...batch);
  return out;
}

function routes(results: MrtResult[]) {
  const view = createRouteView();
  return results.flatMap((r) =>
    r.ok
      ? view.routesOf(r.record).map((x) => ({
          action: x.action,
          prefix: formatPrefix(x.prefix),
          peer: x.peerAs,
          path: x.attributes?.asPath.map((s) => `${s.type}:${s.asns.join(' ')}`).join('|') ?? null,
        }))
      : [],
  );
}

describe('RIS Live reader', () => {
  it('reads the pretty-printed shared sample: four IPv6 announcements by AS 201333', async () => {
    const results = await collect(createReadStream(sample));
    assert.ok(results.every((r) => r.ok));
    const got = routes(results);
    assert.deepEqual(
      got.map((r) => r.prefix),
      ['2a0e:97c7::/48', '2a0e:97c6:fe::/48', '2a10:cc42:17b7::/48', '2a10:cc42:1feb::/48'],
    );
    assert.ok(got.every((r) => r.action === 'announce' && r.peer === 201333));
    assert.equal(got[0]!.path, '2:201333 6762 174 20473');
  });

  it('reads websocket lines with AS sets and withdrawals, and reports bad lines by offset', async () => {
    const update = {
      type: 'ris_message',
      data: {
        timestamp: 1700000000.5,
        peer: '10.1.2.3',
        peer_asn: '64496',
        host: 'rrc00',
        type: 'UPDATE',
        path: [64496, 64497, [64498, 64499]],
        origin: 'IGP',
        announcements: [{ next_hop: '10.1.2.3', prefixes: ['198.51.100.0/24', '2001:db8::/32'] }],
        withdrawals: ['203.0.113.0/24'],
      },
    };
    const state = {
      type: 'ris_message',
      data: {
        timestamp: 1700000001,
        peer: '10.1.2.3',
        peer_asn: 64496,
        type: 'RIS_PEER_STATE',
        state: 'down',
      },
    };
    const text = `${JSON.stringify(update)}\nnot json\n${JSON.stringify(state)}\n{"type":"ris_message","data":{"peer":7}}\n`;
    const results = await collect([text.slice(0, 50), text.slice(50)]);
    const errors = results.filter((r) => !r.ok);
    assert.equal(errors.length, 2);
    assert.equal(
      errors[0]!.ok === false && errors[0]!.error.offset,
      JSON.stringify(update).length + 1,
    );
    assert.deepEqual(routes(results), [
      { action: 'withdraw', prefix: '203.0.113.0/24', peer: 64496, path: null },
      {
        action: 'announce',
        prefix: '198.51.100.0/24',
        peer: 64496,
        path: '2:64496 64497|1:64498 64499',
      },
      {
        action: 'announce',
        prefix: '2001:db8::/32',
        peer: 64496,
        path: '2:64496 64497|1:64498 64499',
      },
    ]);
    assert.ok(results.some((r) => r.ok && r.record.body.kind === 'BGP4MP_STATE_CHANGE'));
  });
});
