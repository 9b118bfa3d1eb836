/** The resynchronising split loop most framed protocols share. */
import type { SplitResult } from './types';

/** Where the frame starting at a position ends: its end, 'wait' for more bytes, or 'bad' (not a frame). */
export type Cut = { end: number } | 'wait' | 'bad';

/**
 * Cut frames out of `buf`: `nextStart(buf, from)` finds the next possible frame start (-1 when
 * none), `cut(buf, pos)` decides the frame there. Bytes before a start, and a start that is not a
 * frame, become garbage up to the next start. `holdTail` says how many trailing bytes to keep when
 * no start is left (a marker split across chunks).
 */
export function splitFrames(
  buf: Uint8Array,
  nextStart: (b: Uint8Array, from: number) => number,
  cut: (b: Uint8Array, pos: number) => Cut,
  holdTail: (b: Uint8Array) => number = () => 0,
): SplitResult {
  const frames: SplitResult['frames'] = [];
  const garbage: SplitResult['garbage'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const s = nextStart(buf, pos);
    if (s < 0) {
      const end = Math.max(pos, buf.length - holdTail(buf));
      if (end > pos) garbage.push({ start: pos, end });
      pos = end;
      break;
    }
    if (s > pos) garbage.push({ start: pos, end: s });
    pos = s;
    const c = cut(buf, pos);
    if (c === 'wait') break;
    if (c === 'bad') {
      const next = nextStart(buf, pos + 1);
      const stop = next < 0 ? buf.length : next;
      garbage.push({ start: pos, end: stop });
      pos = stop;
      continue;
    }
    frames.push({ start: pos, end: c.end });
    pos = c.end;
  }
  return { frames, garbage, consumed: pos };
}
