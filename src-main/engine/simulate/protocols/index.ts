/** The simulated protocols, one module each, in the order `--protocol` lists them. */
import type { SimProtocol } from './types';
import { gt06Sim } from './gt06';
import { jt808Sim } from './jt808';
import { h02Sim } from './h02';
import { gosafeSim } from './gosafe';
import { carscopSim } from './carscop';
import { teltonikaSim } from './teltonika';
import { tk103Sim } from './tk103';
import { gps103Sim } from './gps103';
import { gl200Sim } from './gl200';
import { meitrackSim } from './meitrack';
import { watchSim } from './watch';
import { osmandSim } from './osmand';

export const SIM_PROTOCOLS: readonly SimProtocol[] = [
  gt06Sim, jt808Sim, h02Sim, gosafeSim, carscopSim, teltonikaSim,
  tk103Sim, gps103Sim, gl200Sim, meitrackSim, watchSim, osmandSim,
];

/** The simulated protocol `id`, or undefined. */
export function getSimProtocol(id: string): SimProtocol | undefined {
  return SIM_PROTOCOLS.find((p) => p.id === id);
}

export type * from './types';
