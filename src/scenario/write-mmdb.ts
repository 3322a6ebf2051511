/**
 * Writes a City-style MaxMind DB (MaxMind DB format 2.0, maxmind.github.io/MaxMind-DB) that
 * places each cell's slice of address space in its region, so that `geo.mmdb` attributes
 * generated addresses to `region/KZ-75` and the like: ip-location-db's CSV tables have no
 * regions. An IPv6 search tree with 24-bit records, IPv4 under ::/96 as MaxMind stores it,
 * one data record per region (networks share it by offset), no pointers.
 */
import { writeFile } from 'node:fs/promises';
import type { NetworkModel } from './network-model.js';
import type { Scenario } from './scenario-schema.js';

type Value = string | number | bigint | Value[] | { [key: string]: Value };

function control(type: number, size: number): Buffer {
  const head = type <= 7 ? [type << 5] : [0, type - 7];
  if (size < 29) return Buffer.from([head[0]! | size, ...head.slice(1)]);
  if (size < 285) return Buffer.from([head[0]! | 29, ...head.slice(1), size - 29]);
  const rest = size - 285;
  return Buffer.from([head[0]! | 30, ...head.slice(1), rest >> 8, rest & 255]);
}

function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'bigint')
    return Buffer.concat([control(9, 8), Buffer.from(value.toString(16).padStart(16, '0'), 'hex')]);
  if (typeof value === 'number') {
    const hex = value === 0 ? '' : value.toString(16);
    const bytes = Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex');
    return Buffer.concat([control(value <= 0xffff ? 5 : 6, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ]);
}

/** Aligned power-of-two runs covering blocks [from, to): [first block, log2 size]. */
function runs(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  while (from < to) {
    let bit = 0;
    while (from % 2 ** (bit + 1) === 0 && from + 2 ** (bit + 1) <= to) bit++;
    out.push([from, bit]);
    from += 2 ** bit;
  }
  return out;
}

interface Node {
  children: [Node | number | null, Node | number | null];
}

export async function writeRegionMmdb(
  s: Scenario,
  model: NetworkModel,
  path: string,
): Promise<number> {
  const root: Node = { children: [null, null] };
  const data: Buffer[] = [];
  const offsets = new Map<string, number>();
  let dataSize = 0;
  let networks = 0;
  const recordOf = (region: string, name: string): number => {
    const known = offsets.get(region);
    if (known !== undefined) return known;
    const bytes = encode({
      country: { iso_code: s.country, names: { en: s.country } },
      subdivisions: [{ iso_code: region.slice(3), names: { en: name } }],
    });
    offsets.set(region, dataSize);
    data.push(bytes);
    dataSize += bytes.length;
    return dataSize - bytes.length;
  };
  /** Inserts the network whose first address is `first` (128-bit) with `bits` prefix bits. */
  const insert = (first: bigint, bits: number, offset: number) => {
    let node = root;
    for (let depth = 0; depth < bits; depth++) {
      const bit = Number((first >> BigInt(127 - depth)) & 1n);
      if (depth === bits - 1) node.children[bit] = offset;
      else {
        const next = node.children[bit];
        if (typeof next === 'number') return; // covered by a shorter network already
        node = next ?? (node.children[bit] = { children: [null, null] });
      }
    }
    networks++;
  };
  for (const cell of model.cells) {
    if (cell.region === null) continue;
    const offset = recordOf(cell.region.code, cell.region.name);
    const { plan } = cell;
    for (const [family, prefixes, cum, [lo, hi]] of [
      [4, plan.v4, plan.cum4, cell.v4],
      [6, plan.v6, plan.cum6, cell.v6],
    ] as const)
      prefixes.forEach((p, i) => {
        const [a, b] = [Math.max(lo, cum[i]!), Math.min(hi, cum[i + 1]!)];
        for (const [block, bit] of runs(p.first + a - cum[i]!, p.first + b - cum[i]!))
          if (family === 4) insert(BigInt(block) << 8n, 96 + 24 - bit, offset);
          else insert(BigInt(block) << 80n, 48 - bit, offset);
      });
  }
  const nodes: Node[] = [root];
  for (let i = 0; i < nodes.length; i++)
    for (const child of nodes[i]!.children)
      if (child !== null && typeof child === 'object') nodes.push(child);
  const index = new Map(nodes.map((node, i) => [node, i]));
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  nodes.forEach((node, i) =>
    node.children.forEach((child, side) => {
      const value =
        child === null ? count : typeof child === 'number' ? count + 16 + child : index.get(child)!;
      tree.writeUIntBE(value, i * 6 + side * 3, 3);
    }),
  );
  const metadata = encode({
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(s.time.from),
    database_type: 'Nightlight-Scenario-City',
    description: { en: `Regions of Nightlight scenario ${s.name} (synthetic)` },
    ip_version: 6,
    languages: ['en'],
    node_count: count,
    record_size: 24,
  });
  const marker = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');
  await writeFile(path, Buffer.concat([tree, Buffer.alloc(16), ...data, marker, metadata]));
  return networks;
}
