/** The protocol registry: one explicit list (a test checks every protocol folder is in it). */
import type { ProtocolDescriptor } from './core/types';
import { carscop } from './carscop';
import { gl200 } from './gl200';
import { gosafe } from './gosafe';
import { gps103 } from './gps103';
import { gt06 } from './gt06';
import { h02 } from './h02';
import { jt600 } from './jt600';
import { jt808 } from './jt808';
import { meitrack } from './meitrack';
import { osmand } from './osmand';
import { skypatrol } from './skypatrol';
import { teltonika } from './teltonika';
import { tk103 } from './tk103';
import { watch } from './watch';
import { xexun } from './xexun';
import { xexun2 } from './xexun2';
import { xexun3 } from './xexun3';

/** Seed devices first, then the common shared-port protocols. */
export const PROTOCOLS: readonly ProtocolDescriptor[] = [
  gt06, jt808, h02, gosafe, carscop,
  teltonika, tk103, gps103, gl200, meitrack, watch, osmand, skypatrol, jt600, xexun, xexun2, xexun3,
];

export function getProtocol(id: string): ProtocolDescriptor | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}

export { detect } from './core/detector';
export type * from './core/types';
