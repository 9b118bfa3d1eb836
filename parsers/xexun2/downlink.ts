/**
 * Xexun 2 server → device commands as the decoder reads them: the body of a type 0x0007 frame, a
 * setting text such as `tracking_send=150,150`, `of=1` or `reset` (see commands.ts).
 */
import type { DecodedFrame } from '../core/types';
import type { FieldReader } from '../core/reader';
import { toHex } from '../core/bytes';
import { F } from './fields';

const printable = (b: Uint8Array) => b.every((x) => x >= 0x20 && x < 0x7f);

/** The command body over `r` (a sub-reader of the body length): text, or bytes when not printable. */
export function decodeCommand(r: FieldReader, out: DecodedFrame): void {
  if (r.remaining === 0) return;
  const b = r.bytes.subarray(r.pos, r.end);
  if (printable(b)) out.attributes.command = r.ascii(F.command, r.remaining) ?? '';
  else out.attributes.command = toHex(r.raw(F.body, r.remaining) ?? new Uint8Array());
}
