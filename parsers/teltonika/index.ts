/** Teltonika: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const teltonika: ProtocolDescriptor = {
  id: 'teltonika',
  name: 'Teltonika',
  transports: ['tcp', 'udp'],
  defaultPort: 5027,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'teltonika', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
