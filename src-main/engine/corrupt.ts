/** Frames with their checksum broken on purpose: the responder's `corrupt` mode and the simulator's `bad-checksum` fault. */
import type { FieldNode } from '../../parsers/core/types';
import type { Transport } from '../api/contract';
import { decodeWith } from './frames';

/**
 * The answer with its checksum broken on purpose (responder mode `corrupt`): the bytes of the
 * checksum field the decoder names are changed; an answer without one (H02 echo, GoSafe `1234`)
 * gets its last content byte changed instead. Framing bytes the escaping reserves are avoided.
 */
export function corruptChecksum(protocol: string, answer: Uint8Array, transport: Transport): Uint8Array {
  const out = answer.slice();
  const d = decodeWith(protocol, answer, { transport, direction: 'down' });
  const field = findChecksum(d.tree);
  const from = field ? field.start : Math.max(0, out.length - 2);
  const to = field ? field.end : Math.max(1, out.length - 1);
  for (let i = from; i < to && i < out.length; i++) {
    let v = out[i]! ^ 0x55;
    if (v === 0x7e || v === 0x7d || v === 0x0d || v === 0x0a || v === 0x23) v = out[i]! ^ 0x5a;
    out[i] = v;
  }
  return out;
}

function findChecksum(nodes: FieldNode[]): FieldNode | undefined {
  for (const n of nodes) {
    if (!n.generated && /(^|\.)(crc|checksum|check_?code|check|sum)$/i.test(n.id) && n.end > n.start) return n;
    const c = n.children && findChecksum(n.children);
    if (c) return c;
  }
  return undefined;
}
