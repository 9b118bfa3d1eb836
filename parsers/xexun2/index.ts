/** Xexun 2: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const xexun2: ProtocolDescriptor = {
  id: 'xexun2',
  name: 'Xexun 2',
  transports: ['tcp'],
  defaultPort: 5006,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'xexun2', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
