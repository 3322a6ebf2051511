/** Seeded randomness for the synthetic series: mulberry32, normal and Poisson deviates. */

export interface Random {
  uniform(): number;
  normal(): number;
  poisson(mean: number): number;
  binomial(trials: number, p: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () =>
    Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return {
    uniform,
    normal,
    poisson(mean) {
      if (!(mean > 0)) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      // Knuth's product of uniforms: exact, fine for small means.
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = uniform(); p > limit; p *= uniform()) k++;
      return k;
    },
    binomial(trials, p) {
      let k = 0;
      for (let i = 0; i < trials; i++) if (uniform() < p) k++;
      return k;
    },
  };
}
