/** H02: placeholder descriptor, replaced by the real module (issue 3). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const h02: ProtocolDescriptor = {
  id: 'h02',
  name: 'H02',
  transports: ['tcp'],
  defaultPort: 5013,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'h02', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
