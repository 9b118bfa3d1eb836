/** Skypatrol (Enfora): placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const skypatrol: ProtocolDescriptor = {
  id: 'skypatrol',
  name: 'Skypatrol (Enfora)',
  transports: ['udp'],
  defaultPort: 5021,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'skypatrol', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
