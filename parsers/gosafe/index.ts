/** GoSafe: placeholder descriptor, replaced by the real module (issue 3). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const gosafe: ProtocolDescriptor = {
  id: 'gosafe',
  name: 'GoSafe',
  transports: ['tcp', 'udp'],
  defaultPort: 5078,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'gosafe', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
