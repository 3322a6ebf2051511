/**
 * Turns possibly overlapping inclusive ranges into a step function (non-overlapping segments
 * covering the whole address space) so that one binary search answers a lookup. Where ranges
 * overlap the narrowest wins: a more-specific BGP prefix, a GeoFeed entry carved out of a
 * whois block. Equally wide ranges: the later row (by start, then file order) wins. Pure; load-time only, so keys are generic
 * (numbers for IPv4, bigints for IPv6).
 */

export interface KeyOps<K> {
  readonly zero: K;
  readonly max: K;
  compare(a: K, b: K): number;
  /** a + 1 */
  next(a: K): K;
  /** b - a */
  span(a: K, b: K): K;
}

export const IPV4_KEYS: KeyOps<number> = {
  zero: 0,
  max: 0xffffffff,
  compare: (a, b) => a - b,
  next: (a) => a + 1,
  span: (a, b) => b - a,
};

export const IPV6_KEYS: KeyOps<bigint> = {
  zero: 0n,
  max: (1n << 128n) - 1n,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  next: (a) => a + 1n,
  span: (a, b) => b - a,
};

/** Rows of inclusive ranges with a nonzero value each; parallel arrays. */
export interface RangeRows<K> {
  readonly starts: K[];
  readonly ends: K[];
  readonly values: number[];
}

/** Segment i covers [starts[i], starts[i+1]) and carries values[i]; 0 means "nothing here". */
export interface StepFunction<K> {
  readonly starts: K[];
  readonly values: number[];
}

export function emptyRows<K>(): RangeRows<K> {
  return { starts: [], ends: [], values: [] };
}

function pushStep<K>(ops: KeyOps<K>, out: StepFunction<K>, at: K, value: number): void {
  const last = out.values.length - 1;
  if (ops.compare(out.starts[last]!, at) === 0) {
    out.values[last] = value;
    if (last > 0 && out.values[last - 1] === value) {
      out.starts.pop();
      out.values.pop();
    }
  } else if (out.values[last] !== value) {
    out.starts.push(at);
    out.values.push(value);
  }
}

/** The rows sorted by start (stable), copied only when they are not sorted already. */
function sortedRows<K>(ops: KeyOps<K>, rows: RangeRows<K>): RangeRows<K> {
  const { starts, ends, values } = rows;
  let sorted = true;
  for (let i = 1; i < starts.length && sorted; i++)
    sorted = ops.compare(starts[i - 1]!, starts[i]!) <= 0;
  if (sorted) return rows;
  const order = starts
    .map((_, i) => i)
    .sort((a, b) => ops.compare(starts[a]!, starts[b]!) || a - b);
  return {
    starts: order.map((i) => starts[i]!),
    ends: order.map((i) => ends[i]!),
    values: order.map((i) => values[i]!),
  };
}

export function flattenRanges<K>(ops: KeyOps<K>, rows: RangeRows<K>): StepFunction<K> {
  const { starts, ends, values } = sortedRows(ops, rows);
  const n = starts.length;

  // Active ranges in a binary heap, narrowest (then latest) on top. Only overlapping rows
  // go through it; an isolated row, the common case, is written out directly.
  const heap: number[] = [];
  const before = (a: number, b: number) => {
    const order = ops.compare(ops.span(starts[a]!, ends[a]!), ops.span(starts[b]!, ends[b]!));
    return order < 0 || (order === 0 && a > b);
  };
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const push = (row: number) => {
    let i = heap.push(row) - 1;
    for (let up = (i - 1) >> 1; i > 0 && before(heap[i]!, heap[up]!); i = up, up = (i - 1) >> 1)
      swap(i, up);
  };
  const pop = () => {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
      if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
      if (best === i) return;
      swap(i, best);
      i = best;
    }
  };

  const out: StepFunction<K> = { starts: [ops.zero], values: [0] };
  let k = 0;
  let at = ops.zero;
  for (;;) {
    if (heap.length === 0) {
      if (k === n) break;
      const end = ends[k]!;
      if (k + 1 === n || ops.compare(starts[k + 1]!, end) > 0) {
        pushStep(ops, out, starts[k]!, values[k]!);
        if (ops.compare(end, ops.max) < 0) pushStep(ops, out, ops.next(end), 0);
        k++;
        continue;
      }
      at = starts[k]!;
    }
    while (k < n && ops.compare(starts[k]!, at) <= 0) push(k++);
    while (heap.length > 0 && ops.compare(ends[heap[0]!]!, at) < 0) pop();
    if (heap.length === 0) {
      pushStep(ops, out, at, 0);
      continue;
    }
    const top = heap[0]!;
    pushStep(ops, out, at, values[top]!);
    const end = ends[top]!;
    if (k < n && ops.compare(starts[k]!, end) <= 0) at = starts[k]!;
    else if (ops.compare(end, ops.max) < 0) at = ops.next(end);
    else break;
  }
  return out;
}

/** Two step functions over the same space as one, with both values per segment. */
export function zipSteps<K>(
  ops: KeyOps<K>,
  a: StepFunction<K>,
  b: StepFunction<K>,
): { starts: K[]; a: number[]; b: number[] } {
  const out = { starts: [] as K[], a: [] as number[], b: [] as number[] };
  let i = 0;
  let j = 0;
  for (;;) {
    const sa = a.starts[i]!;
    const sb = b.starts[j]!;
    const va = a.values[i]!;
    const vb = b.values[j]!;
    const last = out.a.length - 1;
    if (last < 0 || out.a[last] !== va || out.b[last] !== vb) {
      out.starts.push(ops.compare(sa, sb) >= 0 ? sa : sb);
      out.a.push(va);
      out.b.push(vb);
    }
    const na = a.starts[i + 1];
    const nb = b.starts[j + 1];
    if (na === undefined && nb === undefined) return out;
    const order = na === undefined ? 1 : nb === undefined ? -1 : ops.compare(na, nb);
    if (order <= 0) i++;
    if (order >= 0) j++;
  }
}
