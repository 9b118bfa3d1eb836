/** Answer latencies in a fixed histogram (0.1 ms bins up to 10 s): no allocation per answer. */

const BIN_MS = 0.1;
const BINS = 100_000;

export class LatencyHistogram {
  private readonly bins = new Uint32Array(BINS + 1);
  count = 0;
  max = 0;

  /** Record one latency in milliseconds (beyond 10 s it lands in the last bin; `max` stays exact). */
  add(ms: number): void {
    const v = ms > 0 ? ms : 0;
    this.bins[Math.min(BINS, Math.floor(v / BIN_MS))]!++;
    this.count++;
    if (v > this.max) this.max = v;
  }

  /** The latency at fraction `q` (0..1) of the answers, to the bin's upper edge; null when empty. */
  quantile(q: number): number | null {
    if (!this.count) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i <= BINS; i++) {
      seen += this.bins[i]!;
      if (seen >= rank) return round(Math.min(this.max, (i + 1) * BIN_MS));
    }
    return round(this.max);
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
