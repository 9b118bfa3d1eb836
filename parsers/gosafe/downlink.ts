/**
 * GoSafe text the server sends (direction down): the `1234` acknowledgement of every message, or a
 * command text (see commands.ts: the downlink command format is not published, so any text is
 * shown whole as the command).
 */
import type { DecodedFrame } from '../core/types';
import { FieldReader } from '../core/reader';
import { latin1 } from '../core/bytes';
import { DOWN } from './fields';

/** Decode a downlink text frame into `out` (tree, messageType, attributes). */
export function decodeDownlink(frame: Uint8Array, out: DecodedFrame): void {
  const r = new FieldReader(frame);
  out.tree = r.tree;
  if (!frame.length) return;
  const text = latin1(frame);
  if (text === '1234') {
    r.node(DOWN.ack, 0, frame.length, text);
    out.messageType = 'ack';
    return;
  }
  r.node(DOWN.command, 0, frame.length, text);
  out.messageType = 'command';
  out.attributes.command = text;
}
