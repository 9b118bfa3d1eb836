/**
 * Even downsampling, pure: the engine thins a long track to the point budget of one
 * `listPositions` answer with it, and the track plot picks the points of its test route.
 */

/** At most `limit` items spread evenly over `items`, first and last kept (the last alone for 1); a new array. */
export function downsample<T>(items: readonly T[], limit: number): T[] {
  const n = items.length;
  const k = Math.max(0, Math.floor(limit));
  if (n <= k) return items.slice();
  if (k === 0) return [];
  if (k === 1) return [items[n - 1]!];
  const out: T[] = new Array(k);
  for (let j = 0; j < k; j++) out[j] = items[Math.round((j * (n - 1)) / (k - 1))]!;
  return out;
}
