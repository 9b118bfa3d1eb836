/** Carscop: placeholder descriptor, replaced by the real module (issue 3). */
import type { DecodedFrame, ProtocolDescriptor } from '../core/types';

export const carscop: ProtocolDescriptor = {
  id: 'carscop',
  name: 'Carscop',
  transports: ['tcp'],
  defaultPort: 5040,
  detect: () => ({ score: 0, evidence: [] }),
  split: () => ({ frames: [], garbage: [], consumed: 0 }),
  decode: (): DecodedFrame => ({ protocol: 'carscop', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' }),
  respond: () => null,
};
