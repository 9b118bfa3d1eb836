/** Meitrack: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const meitrack: ProtocolDescriptor = {
  id: 'meitrack',
  name: 'Meitrack',
  transports: ['tcp', 'udp'],
  defaultPort: 5020,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'meitrack', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
