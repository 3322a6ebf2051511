/**
 * Every MRT file we have from real writers (RIPE RIS via bgpdump's tests, ryu's RouteViews
 * picks, bird, OpenBGPD and Quagga lab samples) decodes with no record errors and no attribute
 * diagnostics, and its records add up to its decompressed size. What is left undecoded is
 * listed here with the reason.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bunzip2Sync } from './bunzip2.js';
import { gunzipSync } from 'node:zlib';
import { compressionOf } from '../../src/collectors/input/open-input.js';
import { decodeFile, sharedFixtures } from './mrt-fixtures.js';

/** Records kept whole as UNKNOWN, and why (docs/design/0005-mrt-reader.md). */
const EXPLAINED_UNKNOWN: Record<string, { count: number; why: string }> = {
  'openbgpd_rib_table-mp': {
    count: 31,
    why: 'BGP4MP_ENTRY (subtype 2), a pre-RFC 6396 draft type',
  },
  'openbgpd_rib_table-v2': {
    count: 2,
    why: 'RIB_GENERIC for AFI 1 SAFI 128 (VPNv4), whose NLRI we do not decode',
  },
};

function decompressedSize(path: string): number {
  const raw = readFileSync(path);
  const kind = compressionOf(raw);
  return kind === 'gzip'
    ? gunzipSync(raw).length
    : kind === 'bzip2'
      ? bunzip2Sync(path).length
      : raw.length;
}

describe('real MRT files', () => {
  const root = sharedFixtures();
  const files = ['ripe-bgpdump', 'ryu', 'lab-samples'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => !/^(LICENSE|COPYING|README)/.test(name) && name !== 'expected')
      .map((name) => ({ dir, name })),
  );

  it('finds all 25 files', () => assert.equal(files.length, 25));

  for (const { dir, name } of files) {
    it(`decodes ${dir}/${name} without errors`, async () => {
      const path = join(root, dir, name);
      const results = await decodeFile(path);
      let bytes = 0;
      let unknown = 0;
      for (const r of results) {
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        bytes += r.length;
        const body = r.record.body;
        if (body.kind === 'UNKNOWN') unknown++;
        const diagnostics =
          body.kind === 'TABLE_DUMP'
            ? body.diagnostics
            : body.kind === 'RIB'
              ? body.entries.flatMap((e) => e.diagnostics)
              : body.kind === 'BGP4MP_MESSAGE' && body.message.type === 'UPDATE'
                ? body.message.diagnostics
                : [];
        // The one RIPE file built to have a truncated last NLRI is the only one allowed one.
        if (name === 'updates.nlri_mask_trailing_bits.gz')
          assert.deepEqual(
            diagnostics.map((d) => d.reason),
            ['NLRI: NLRI prefix /11 needs 2 bytes, 0 remain'],
          );
        else assert.deepEqual(diagnostics, []);
      }
      assert.equal(bytes, decompressedSize(path));
      assert.equal(unknown, EXPLAINED_UNKNOWN[name]?.count ?? 0, EXPLAINED_UNKNOWN[name]?.why);
    });
  }
});
