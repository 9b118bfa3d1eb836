/** JT600: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const jt600: ProtocolDescriptor = {
  id: 'jt600',
  name: 'JT600',
  transports: ['tcp'],
  defaultPort: 5014,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'jt600', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
