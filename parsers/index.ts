/** The protocol registry: one explicit list (a test checks every protocol folder is in it). */
import type { ProtocolDescriptor } from './core/types';
import { gt06 } from './gt06';

export const PROTOCOLS: readonly ProtocolDescriptor[] = [gt06];

export function getProtocol(id: string): ProtocolDescriptor | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}

export { detect } from './core/detector';
export type * from './core/types';
