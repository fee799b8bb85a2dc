/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the distributions the generator draws
 * from. Every stream is derived from the run's seed and a label, so an agency-year is the same
 * whatever else was generated before it: chunks can be produced in any order with identical bytes.
 */

/** 32-bit FNV-1a of a string: turns labels and seeds into stream seeds. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(a: number): () => number {
  let x = a >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A deterministic random stream with the draws the model needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    const sm = splitmix32(seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A stream for a labelled purpose under a run seed, e.g. `Rng.for(seed, 'agency', 17, 2021)`. */
  static for(seed: string | number, ...label: readonly (string | number)[]): Rng {
    return new Rng(hash32(`${String(seed)}|${label.join('|')}`));
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A shuffled copy (Fisher–Yates, drawing from this stream). */
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i] as T;
      a[i] = a[j] as T;
      a[j] = t;
    }
    return a;
  }

  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }

  /** Index drawn with the given (not necessarily normalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Marsaglia polar). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    for (;;) {
      const u = this.next() * 2 - 1;
      const v = this.next() * 2 - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * m;
        return u * m;
      }
    }
  }

  /** Lognormal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count (Knuth for small means, rounded normal for large ones). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }

  /**
   * Splits `n` units over categories with the given probabilities: unit by unit for small n,
   * expected counts plus a random remainder for large n (same totals either way).
   */
  multinomial(n: number, probs: readonly number[]): number[] {
    const out = probs.map(() => 0);
    if (n <= 0) return out;
    let total = 0;
    for (const p of probs) total += p;
    if (n <= 64) {
      for (let i = 0; i < n; i++) {
        const k = this.weighted(probs);
        out[k] = (out[k] ?? 0) + 1;
      }
      return out;
    }
    // A little noise on each share so large agencies are not all alike.
    const shares = probs.map((p) => (p / total) * Math.exp(0.15 * this.normal()));
    let sum = 0;
    for (const s of shares) sum += s;
    let used = 0;
    for (let i = 0; i < shares.length; i++) {
      const k = Math.floor((n * (shares[i] ?? 0)) / sum);
      out[i] = k;
      used += k;
    }
    for (let i = used; i < n; i++) {
      const k = this.weighted(probs);
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }
}
