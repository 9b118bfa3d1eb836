/** One frame given as hex → the record `decode-hex` prints (also the export record of later issues). */
import { fromHex } from '../../parsers/core/bytes';
import { detect } from '../../parsers/core/detector';
import { PROTOCOLS, getProtocol } from '../../parsers/index';
import type { Candidate, DecodedFrame } from '../../parsers/core/types';
import { UserError } from './errors';
import { decodeWith } from './frames';

export interface DecodeHexRecord {
  protocol: string | null;
  candidates: Candidate[];
  decoded: DecodedFrame;
}

export function decodeHexRecord(hex: string, protocol?: string, transport: 'tcp' | 'udp' = 'tcp'): DecodeHexRecord {
  let bytes: Uint8Array;
  try {
    bytes = fromHex(hex);
  } catch (e) {
    throw new UserError(`cannot read the frame: ${(e as Error).message}`);
  }
  if (protocol && !getProtocol(protocol)) throw new UserError(`unknown protocol '${protocol}'; known: ${PROTOCOLS.map((p) => p.id).join(', ')}`);
  const candidates = detect(bytes, { transport }, PROTOCOLS);
  const chosen = protocol ?? candidates[0]?.protocol ?? null;
  return { protocol: chosen, candidates, decoded: decodeWith(chosen, bytes, { transport, direction: 'up' }) };
}
