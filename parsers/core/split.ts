/** The resynchronising split loop most framed protocols share. */
import type { SplitResult } from './types';
import { bytesAt } from './bytes';

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
      // No start left: keep a marker split across chunks, as below, so chunking changes nothing.
      const stop = next < 0 ? Math.max(pos + 1, buf.length - holdTail(buf)) : next;
      garbage.push({ start: pos, end: stop });
      pos = stop;
      continue;
    }
    frames.push({ start: pos, end: c.end });
    pos = c.end;
  }
  return { frames, garbage, consumed: pos };
}

/**
 * Split server bytes that have no framing of their own (the command text of protocols whose
 * downlink format is not published): a fixed `token` (GoSafe's `1234` acknowledgement) is cut
 * where it starts; any other text runs to the end of the buffer and is cut once no more bytes are
 * coming (`final`: the link went quiet or the stream ended), or at `max` bytes. Nothing is garbage.
 */
export function splitUnframed(buf: Uint8Array, final: boolean, max: number, tokens: readonly Uint8Array[] = []): SplitResult {
  const frames: SplitResult['frames'] = [];
  let pos = 0;
  while (pos < buf.length) {
    const seen = tokens.map((t) => bytesAt(buf, pos, t));
    const k = seen.indexOf(true);
    if (k >= 0) {
      frames.push({ start: pos, end: pos + tokens[k]!.length });
      pos += tokens[k]!.length;
      continue;
    }
    if (!final && seen.includes('part')) break;
    const end = final ? Math.min(buf.length, pos + max) : pos + max <= buf.length ? pos + max : -1;
    if (end < 0) break;
    frames.push({ start: pos, end });
    pos = end;
  }
  return { frames, garbage: [], consumed: pos };
}
