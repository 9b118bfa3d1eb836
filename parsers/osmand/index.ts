/** OsmAnd: placeholder descriptor, replaced by the real module (issue 4). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const osmand: ProtocolDescriptor = {
  id: 'osmand',
  name: 'OsmAnd',
  transports: ['tcp'],
  defaultPort: 5055,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'osmand', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
