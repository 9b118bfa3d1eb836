/**
 * Queclink @Track ASCII (GL300 layout, Queclink "@Track Air Interface Protocol"): fixed reports
 * `+RESP:GTFRI,<protocol version>,<IMEI>,<name>,<report id>,<report type>,<number>,<accuracy>,
 * <speed km/h>,<azimuth>,<altitude>,<lon>,<lat>,<GPS UTC>,<mcc>,<mnc>,<lac>,<cell>,<reserved>,
 * <battery %>,<send time>,<count>$` and the heartbeat `+ACK:GTHBD,<version>,<IMEI>,<name>,<send
 * time>,<count>$`; with SACK on, the server answers `+SACK:<count>$` and `+SACK:GTHBD,<version>,
 * <count>$`. The count (4 hex digits) advances with every message.
 */
import type { Fix } from '../route';
import { imeiFor } from '../ids';
import { ascii, d2, nextSerial, type OutFrame, type SimDevice, type SimProtocol } from './types';

const VERSION = '300400';

const stamp = (t: Date) => `${t.getUTCFullYear()}${d2(t.getUTCMonth() + 1)}${d2(t.getUTCDate())}${d2(t.getUTCHours())}${d2(t.getUTCMinutes())}${d2(t.getUTCSeconds())}`;
const hex4 = (v: number) => v.toString(16).toUpperCase().padStart(4, '0');

/** The GTFRI report of a fix with count `count`. */
export function fri(imei: string, fix: Fix, count: number, n: number): string {
  const t = stamp(fix.time);
  return (
    `+RESP:GTFRI,${VERSION},${imei},,0,0,1,1,${fix.speedKmh.toFixed(1)},${Math.round(fix.course) % 360},${fix.altitude.toFixed(1)},` +
    `${fix.lon.toFixed(6)},${fix.lat.toFixed(6)},${t},0262,0001,${hex4(0x1000 + (n % 0x1000))},${hex4(0x1000 + (n % 0xf000))},,${95 - (n % 20)},${t},${hex4(count)}$`
  );
}

function heartbeat(d: SimDevice, now: Date): OutFrame {
  const c = nextSerial(d);
  return { kind: 'heartbeat', bytes: ascii(`+ACK:GTHBD,${VERSION},${d.id},,${stamp(now)},${hex4(c)}$`), expect: { bytes: ascii(`+SACK:GTHBD,${VERSION},${hex4(c)}$`) } };
}

export const gl200Sim: SimProtocol = {
  id: 'gl200',
  transports: ['tcp'],
  deviceId: imeiFor,
  answers: 'split',
  login: () => [],
  position: (d, fix) => {
    const c = nextSerial(d);
    return { kind: 'position', bytes: ascii(fri(d.id, fix, c, d.n)), expect: { bytes: ascii(`+SACK:${hex4(c)}$`) } };
  },
  heartbeat,
};
