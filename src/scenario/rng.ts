/**
 * The scenario engine's only source of randomness: a seeded generator (mulberry32) with the
 * draws the models need. Every writer forks its own stream from the scenario seed and a label,
 * so adding draws to one writer never shifts another's output. Pure.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Poisson with mean `mean` (Knuth below 30, a rounded normal above). */
  poisson(mean: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** An independent stream named by `label`. */
  fork(label: string): Rng;
}

/** FNV-1a over a label, mixed into a seed. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal,
    poisson(mean) {
      if (!(mean > 0)) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    pick: (list) => list[Math.floor(next() * list.length)]!,
    fork: (label) => createRng(mix(seed, label)),
  };
}
