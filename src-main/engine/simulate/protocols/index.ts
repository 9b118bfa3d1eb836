/** The simulated protocols, one module each, in the order `--protocol` lists them. */
import type { SimProtocol } from './types';
import { gt06Sim } from './gt06';
import { jt808Sim } from './jt808';
import { h02Sim } from './h02';
import { gosafeSim } from './gosafe';
import { carscopSim } from './carscop';
import { teltonikaSim } from './teltonika';

export const SIM_PROTOCOLS: readonly SimProtocol[] = [gt06Sim, jt808Sim, h02Sim, gosafeSim, carscopSim, teltonikaSim];

/** The simulated protocol `id`, or undefined. */
export function getSimProtocol(id: string): SimProtocol | undefined {
  return SIM_PROTOCOLS.find((p) => p.id === id);
}

export type * from './types';
