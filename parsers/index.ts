/** The protocol registry: one explicit list (a test checks every protocol folder is in it). */
import type { ProtocolDescriptor } from './core/types';
import { carscop } from './carscop';
import { gosafe } from './gosafe';
import { gt06 } from './gt06';
import { h02 } from './h02';
import { jt808 } from './jt808';

export const PROTOCOLS: readonly ProtocolDescriptor[] = [gt06, jt808, h02, gosafe, carscop];

export function getProtocol(id: string): ProtocolDescriptor | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}

export { detect } from './core/detector';
export type * from './core/types';
