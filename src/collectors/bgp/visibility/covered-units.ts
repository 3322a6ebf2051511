/**
 * Counts the address space visible prefixes cover, in /24s (IPv4) or /48s (IPv6), without
 * counting overlaps twice: every unit belongs to the most specific visible prefix covering it
 * (its origin AS and country get it). Prefixes nest or are disjoint, so one sweep over them
 * in address order with a stack of enclosing prefixes gives each its own share.
 * Caps (design 0006): IPv4 prefixes shorter than /8 and IPv6 shorter than /19 are default or
 * bogus routes and count no units; prefixes longer than the unit count as their whole unit,
 * once however many of them share it.
 */
import type { PrefixTable } from '../rib/prefix-table.js';

export const MIN_IPV4_LENGTH = 8;
export const MIN_IPV6_LENGTH = 19;

export interface CoveredUnits {
  /**
   * Fills `owned[id]` with the units prefix `id` owns when exactly the prefixes with
   * `visible[id] === 1` are visible (0 for the others); answers the total per family.
   */
  measure(visible: Uint8Array, owned: Float64Array): { ipv4: number; ipv6: number };
}

/** Start and size of prefix `id` in units of its family, or size 0 if it counts none. */
function unitsOf(table: PrefixTable, id: number): { start: number; size: number } {
  const length = table.length(id);
  if (table.family(id) === 4) {
    if (length < MIN_IPV4_LENGTH) return { start: 0, size: 0 };
    return { start: table.ipv4(id) >>> 8, size: length >= 24 ? 1 : 2 ** (24 - length) };
  }
  if (length < MIN_IPV6_LENGTH) return { start: 0, size: 0 };
  const start = table.ipv6Word(id, 0) * 65536 + (table.ipv6Word(id, 1) >>> 16);
  return { start, size: length >= 48 ? 1 : 2 ** (48 - length) };
}

export function createCoveredUnits(table: PrefixTable): CoveredUnits {
  // Prefix ids in sweep order (family, start, larger first), extended as the table grows.
  let order = new Uint32Array(0);
  let starts = new Float64Array(0);
  let sizes = new Float64Array(0);
  let sorted = 0;

  function refresh(): void {
    const n = table.size;
    if (n === sorted) return;
    if (starts.length < n) {
      const capacity = Math.max(n, starts.length * 2);
      const [s, z] = [new Float64Array(capacity), new Float64Array(capacity)];
      s.set(starts);
      z.set(sizes);
      [starts, sizes] = [s, z];
    }
    for (let id = sorted; id < n; id++) {
      const { start, size } = unitsOf(table, id);
      starts[id] = start;
      sizes[id] = size;
    }
    const before = (a: number, b: number) =>
      table.family(a) - table.family(b) ||
      starts[a]! - starts[b]! ||
      sizes[b]! - sizes[a]! ||
      table.length(a) - table.length(b) ||
      a - b;
    const fresh = Array.from({ length: n - sorted }, (_, i) => sorted + i).sort(before);
    // Merge the new ids into the old order: O(n) per refresh, not a full sort.
    const merged = new Uint32Array(n);
    let [i, j, k] = [0, 0, 0];
    while (i < order.length && j < fresh.length)
      merged[k++] = before(order[i]!, fresh[j]!) <= 0 ? order[i++]! : fresh[j++]!;
    while (i < order.length) merged[k++] = order[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    order = merged;
    sorted = n;
  }

  return {
    measure(visible, owned) {
      refresh();
      owned.fill(0, 0, table.size);
      const totals = { ipv4: 0, ipv6: 0 };
      const stack: number[] = [];
      let family = 0;
      for (const id of order) {
        const size = sizes[id]!;
        if (visible[id] !== 1 || size === 0) continue;
        const f = table.family(id);
        if (f !== family) {
          stack.length = 0;
          family = f;
        }
        const start = starts[id]!;
        while (stack.length > 0) {
          const top = stack[stack.length - 1]!;
          if (starts[top]! + sizes[top]! > start) break;
          stack.pop();
        }
        const top = stack[stack.length - 1];
        if (top !== undefined && starts[top] === start && sizes[top] === size) continue;
        if (top !== undefined) owned[top]! -= size;
        owned[id] = size;
        stack.push(id);
        if (f === 4) totals.ipv4 += top === undefined ? size : 0;
        else totals.ipv6 += top === undefined ? size : 0;
      }
      return totals;
    },
  };
}
