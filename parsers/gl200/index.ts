/** Queclink GL200: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const gl200: ProtocolDescriptor = {
  id: 'gl200',
  name: 'Queclink GL200',
  transports: ['tcp', 'udp'],
  defaultPort: 5004,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'gl200', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
