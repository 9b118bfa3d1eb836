/**
 * JT/T 808-2013 device frames: `7e id(2) attributes(2) phone(6, BCD) serial(2) body xor 7e`,
 * `7e`/`7d` escaped as `7d 02`/`7d 01` between the flags (JT/T 808-2013 §4–5). Registration 0x0100
 * is answered by 0x8100 (reply serial, result, auth code); the device then authenticates with 0x0102
 * and that code. Location 0x0200 (times BCD in GMT+8) and heartbeat 0x0002 get the general answer
 * 0x8001 (reply serial, reply id, result).
 */
import { xor8 } from '../../../../parsers/core/checksum';
import { escapeBytes, unescapeBytes } from '../../../../parsers/core/bytes';
import type { Fix } from '../route';
import { phoneFor } from '../ids';
import { ascii, bcd, bcdBytes, nextSerial, type Expected, type OutFrame, type SimDevice, type SimProtocol } from './types';

const FLAG = 0x7e;
const ESC = 0x7d;
const CODES: Readonly<Record<number, number>> = { 0x01: 0x7d, 0x02: 0x7e };

/** One escaped frame: `7e id attrs phone serial body xor 7e`. */
export function message(id: number, phone: string, serial: number, body: ArrayLike<number>): Uint8Array {
  const inner = new Uint8Array(12 + body.length + 1);
  inner[0] = id >> 8;
  inner[1] = id & 0xff;
  inner[2] = (body.length >> 8) & 0x03;
  inner[3] = body.length & 0xff;
  inner.set(bcdBytes(phone), 4);
  inner[10] = serial >> 8;
  inner[11] = serial & 0xff;
  inner.set(body, 12);
  inner[inner.length - 1] = xor8(inner, 0, inner.length - 1);
  const esc = escapeBytes(inner, ESC, CODES);
  const out = new Uint8Array(esc.length + 2);
  out[0] = FLAG;
  out.set(esc, 1);
  out[out.length - 1] = FLAG;
  return out;
}

function send(d: SimDevice, kind: OutFrame['kind'], id: number, body: ArrayLike<number>): OutFrame {
  const serial = nextSerial(d);
  return { kind, bytes: message(id, d.id, serial, body), expect: { code: id === 0x0100 ? 0x8100 : 0x8001, serial, ref: id } };
}

/** Fixed-width text field, zero-padded. */
function text(s: string, width: number): Uint8Array {
  const b = new Uint8Array(width);
  b.set(ascii(s).subarray(0, width));
  return b;
}

/** 0x0100 body (2013 layout): province, city, maker(5), model(20), terminal id(7), plate colour, plate. */
function registerBody(d: SimDevice): Uint8Array {
  const plate = ascii(`TW${String(d.n).padStart(5, '0')}`);
  const b = new Uint8Array(2 + 2 + 5 + 20 + 7 + 1 + plate.length);
  b.set([0x00, 0x0b, 0x00, 0x01], 0); // province 11 (Beijing), city 1
  b.set(text('TWSIM', 5), 4);
  b.set(text('TRACKWIRE-SIM', 20), 9);
  b.set(text(String(d.n).padStart(7, '0'), 7), 29);
  b[36] = 1; // plate colour: blue
  b.set(plate, 37);
  return b;
}

/** 0x0200 body: alarm, status, lat/lon × 10^6, altitude, speed × 10, course, GMT+8 BCD time, items. */
export function locationBody(fix: Fix, n: number): Uint8Array {
  const b = new Uint8Array(28 + 6 + 3 + 3);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0); // no alarm
  // Bit 0 ACC on, 1 positioned, 2 south, 3 west.
  v.setUint32(4, 0x03 | (fix.lat < 0 ? 0x04 : 0) | (fix.lon < 0 ? 0x08 : 0));
  v.setUint32(8, Math.round(Math.abs(fix.lat) * 1e6));
  v.setUint32(12, Math.round(Math.abs(fix.lon) * 1e6));
  v.setUint16(16, Math.round(fix.altitude));
  v.setUint16(18, Math.round(fix.speedKmh * 10));
  v.setUint16(20, Math.round(fix.course) % 360);
  const t = new Date(fix.time.getTime() + 8 * 3600_000);
  b.set([bcd(t.getUTCFullYear() % 100), bcd(t.getUTCMonth() + 1), bcd(t.getUTCDate()), bcd(t.getUTCHours()), bcd(t.getUTCMinutes()), bcd(t.getUTCSeconds())], 22);
  // Additional items: 0x01 odometer (0.1 km), 0x30 signal, 0x31 satellites.
  b.set([0x01, 4], 28);
  v.setUint32(30, 10_000 + n);
  b.set([0x30, 1, 25], 34);
  b.set([0x31, 1, fix.satellites], 37);
  return b;
}

/** The header id, reply serial and reply id of an 0x8001/0x8100 answer, after checking its frame. */
function parseAnswer(a: Uint8Array, phone: string): { id: number; serial: number; ref: number; result: number; body: Uint8Array } | null {
  if (a.length < 15 || a[0] !== FLAG || a[a.length - 1] !== FLAG) return null;
  const p = unescapeBytes(a, ESC, CODES, 1, a.length - 1).bytes;
  if (p.length < 13 || xor8(p, 0, p.length - 1) !== p[p.length - 1]) return null;
  const want = bcdBytes(phone);
  for (let i = 0; i < 6; i++) if (p[4 + i] !== want[i]) return null;
  const id = (p[0]! << 8) | p[1]!;
  const body = p.subarray(12, p.length - 1);
  if (body.length < 3) return null;
  const serial = (body[0]! << 8) | body[1]!;
  if (id === 0x8100) return { id, serial, ref: 0x0100, result: body[2]!, body };
  if (id === 0x8001 && body.length >= 5) return { id, serial, ref: (body[2]! << 8) | body[3]!, result: body[4]!, body };
  return null;
}

/** Result codes of 0x8001 (and 0x8100, where 1..4 mean vehicle/terminal already registered or unknown). */
const RESULTS: Readonly<Record<number, string>> = { 1: 'failure', 2: 'message error', 3: 'not supported', 4: 'alarm confirmation' };

export const jt808Sim: SimProtocol = {
  id: 'jt808',
  transports: ['tcp'],
  deviceId: phoneFor,
  answers: 'split',
  login: (d) => [send(d, 'login', 0x0100, registerBody(d))],
  position: (d, fix) => send(d, 'position', 0x0200, locationBody(fix, d.n)),
  heartbeat: (d) => send(d, 'heartbeat', 0x0002, []),
  matches(e: Expected, answer: Uint8Array, d: SimDevice): boolean {
    const a = parseAnswer(answer, d.id);
    return !!a && a.id === e.code && a.serial === e.serial && a.ref === e.ref;
  },
  problem(answer: Uint8Array, d: SimDevice): string | null {
    const a = parseAnswer(answer, d.id);
    if (!a || a.result === 0) return null;
    return `0x${a.id.toString(16)} answered 0x${a.ref.toString(16).padStart(4, '0')} with result ${a.result} (${RESULTS[a.result] ?? 'unknown'})`;
  },
  followUp(d: SimDevice, answer: Uint8Array, e: Expected): OutFrame | null {
    if (e.code !== 0x8100) return null;
    const a = parseAnswer(answer, d.id);
    // 0x0102 (2013): the whole body is the authentication code the platform gave.
    return a ? send(d, 'auth', 0x0102, a.body.subarray(3)) : null;
  },
};
