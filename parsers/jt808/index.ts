/** JT/T 808: placeholder descriptor, replaced by the real module (issue 3). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const jt808: ProtocolDescriptor = {
  id: 'jt808',
  name: 'JT/T 808',
  transports: ['tcp'],
  defaultPort: 5015,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'jt808', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
