/** Go to frame and Find: parsing what was typed and wording the outcome. Pure, no React. */

export type FrameNumber = { ok: true; id: number } | { ok: false; error: string };

/** A typed frame number (digits, optionally with thousands separators) within `1 … total`. */
export function parseFrameNumber(text: string, total: number): FrameNumber {
  const clean = text.trim().replace(/[\s,_']/g, '');
  if (clean === '') return { ok: false, error: 'Type a frame number' };
  if (!/^\d+$/.test(clean)) return { ok: false, error: `'${text.trim()}' is not a frame number` };
  const id = Number(clean);
  if (total === 0) return { ok: false, error: 'No frames yet' };
  if (id < 1 || id > total) return { ok: false, error: `There are frames 1 to ${total}` };
  return { ok: true, id };
}

/** What the Find bar says about a result: no match, the frame found, or that the search wrapped. */
export function findMessage(found: number | null, from: number, backwards: boolean): { text: string; error: boolean } {
  if (found === null) return { text: 'No match', error: true };
  const wrapped = backwards ? found >= from : found <= from;
  return { text: wrapped ? `Frame ${found} (wrapped around)` : `Frame ${found}`, error: false };
}
