import { describe, expect, it } from 'vitest';
import { getProtocol } from '../../parsers/index';
import { fromHex, luhnValid, toHex, unescapeBytes } from '../../parsers/core/bytes';
import type { DecodedFrame } from '../../parsers/core/types';
import { SIM_PROTOCOLS, parseSimulateArgs, checkOptions } from '../../src-main/engine/simulate/index';
import type { FrameKind, OutFrame, SimDevice, SimProtocol, Transport } from '../../src-main/engine/simulate/protocols/types';
import { fixAt, speedFor, type Fix } from '../../src-main/engine/simulate/route';
import { imeiFor, phoneFor } from '../../src-main/engine/simulate/ids';
import { packet as gt06Packet } from '../../src-main/engine/simulate/protocols/gt06';
import { message as jt808Message, locationBody } from '../../src-main/engine/simulate/protocols/jt808';
import { packet as gosafePacket, dataPacket } from '../../src-main/engine/simulate/protocols/gosafe';
import { tcpPacket } from '../../src-main/engine/simulate/protocols/teltonika';
import { h02Sim } from '../../src-main/engine/simulate/protocols/h02';

/** What Trackwire's decoder must call each frame kind, per protocol (and transport where it differs). */
const MESSAGE_TYPES: Record<string, Partial<Record<FrameKind, string>>> = {
  gt06: { login: 'login', position: 'location', heartbeat: 'heartbeat' },
  jt808: { login: 'register', auth: 'auth', position: 'location', heartbeat: 'heartbeat' },
  h02: { login: 'login', position: 'location', heartbeat: 'heartbeat' },
  gosafe: { position: 'report', heartbeat: 'heartbeat' },
  carscop: { login: 'handshake', position: 'location', heartbeat: 'handshake' },
  'teltonika/tcp': { login: 'login', position: 'location', heartbeat: 'ping' },
  'teltonika/udp': { position: 'location' },
  tk103: { login: 'login', position: 'location', heartbeat: 'handshake' },
  gps103: { login: 'login', position: 'location', heartbeat: 'heartbeat' },
  gl200: { position: 'fixed report', heartbeat: 'heartbeat' },
  meitrack: { position: 'position report' },
  watch: { login: 'link', position: 'location', heartbeat: 'link' },
  osmand: { position: 'location' },
};

const at = new Date(Date.UTC(2026, 10, 22, 6, 15, 29, 301));
/** A fix in the south-west quadrant, so hemisphere flags and signs are exercised too. */
const santiago: Fix = { time: at, lat: -33.423173, lon: -70.619301, speedKmh: 37, course: 229, altitude: 560, satellites: 9 };

const device = (sim: SimProtocol, n: number, transport: Transport): SimDevice => ({ n, id: sim.deviceId(n), transport, serial: sim.firstSerial ?? 0 });

/** Every frame a device of `sim` sends in a session: login, its follow-ups, positions (two fixes), heartbeat. */
function session(sim: SimProtocol, transport: Transport): Array<{ frame: OutFrame; fix?: Fix; d: SimDevice }> {
  const d = device(sim, 7, transport);
  const p = getProtocol(sim.id)!;
  const out: Array<{ frame: OutFrame; fix?: Fix; d: SimDevice }> = [];
  for (const f of sim.login(d, at)) {
    out.push({ frame: f, d });
    // The follow-up a real answer triggers (JT808: 0x0102 with the code from 0x8100).
    const answer = p.respond(f.bytes, p.decode(f.bytes, { transport, direction: 'up' }));
    const next = answer && f.expect ? sim.followUp?.(d, answer, f.expect) : null;
    if (next) out.push({ frame: next, d });
  }
  for (const fix of [fixAt(7, 12, at), santiago]) out.push({ frame: sim.position(d, fix), fix, d });
  const hb = sim.heartbeat(d, at);
  if (hb) out.push({ frame: hb, d });
  return out;
}

const cases = SIM_PROTOCOLS.flatMap((sim) => sim.transports.map((transport) => ({ sim, transport, name: `${sim.id}/${transport}` })));

describe('simulated frames decode cleanly with Trackwire’s own decoders', () => {
  it('every simulated protocol has its expectations in this test', () => {
    for (const { sim, name } of cases) expect(MESSAGE_TYPES[name] ?? MESSAGE_TYPES[sim.id], name).toBeDefined();
  });

  it.each(cases)('$name: no issues, the right message type, the fix, the id', ({ sim, transport, name }) => {
    const p = getProtocol(sim.id)!;
    const types = MESSAGE_TYPES[name] ?? MESSAGE_TYPES[sim.id]!;
    const frames = session(sim, transport);
    const kinds = new Set(frames.map((f) => f.frame.kind));
    // Every kind the table names was built, and nothing the table does not name.
    expect([...kinds].sort()).toEqual(Object.keys(types).sort());
    for (const { frame, fix, d } of frames) {
      const what = `${name} ${frame.kind} ${toHex(frame.bytes).slice(0, 80)}`;
      const dec: DecodedFrame = p.decode(frame.bytes, { transport, direction: 'up' });
      expect(dec.issues.map((i) => `${i.id}: ${i.message}`), what).toEqual([]);
      expect(dec.messageType, what).toBe(types[frame.kind]);
      // The splitter cuts exactly this frame out of a stream holding it twice.
      const twice = new Uint8Array(frame.bytes.length * 2);
      twice.set(frame.bytes);
      twice.set(frame.bytes, frame.bytes.length);
      expect(p.split(twice, true).frames, what).toEqual([
        { start: 0, end: frame.bytes.length },
        { start: frame.bytes.length, end: 2 * frame.bytes.length },
      ]);
      if (dec.deviceId !== undefined) expect(dec.deviceId, what).toBe(sim.id === 'jt808' ? d.id.replace(/^0+/, '') : d.id);
      // Only position frames are checked for their fix (a TK103 login carries one too).
      if (frame.kind !== 'position') continue;
      expect(dec.positions, what).toHaveLength(1);
      const pos = dec.positions[0]!;
      expect(pos.valid, what).toBe(true);
      expect(Math.abs(pos.lat - fix!.lat), what).toBeLessThan(2e-6);
      expect(Math.abs(pos.lon - fix!.lon), what).toBeLessThan(2e-6);
      expect(Math.abs((pos.speedKnots ?? -1) - fix!.speedKmh / 1.852), what).toBeLessThan(0.06);
      expect(pos.course, what).toBe(fix!.course);
      expect(Math.floor(Date.parse(pos.time) / 1000), what).toBe(Math.floor(fix!.time.getTime() / 1000));
    }
  });

  it.each(cases)('$name: the answer each frame awaits is the one Trackwire’s responder gives', ({ sim, transport, name }) => {
    const p = getProtocol(sim.id)!;
    for (const { frame, d } of session(sim, transport)) {
      const what = `${name} ${frame.kind}`;
      const answer = p.respond(frame.bytes, p.decode(frame.bytes, { transport, direction: 'up' }));
      if (!frame.expect) {
        expect(answer, what).toBeNull();
        continue;
      }
      expect(answer, what).not.toBeNull();
      if (frame.expect.bytes) expect(toHex(answer!), what).toBe(toHex(frame.expect.bytes));
      expect(sim.matches ? sim.matches(frame.expect, answer!, d) : true, what).toBe(true);
      expect(sim.problem?.(answer!, d) ?? null, what).toBeNull();
    }
  });

  it('serial numbers advance per frame, so answers are matched to their frame', () => {
    for (const sim of SIM_PROTOCOLS.filter((s) => ['gt06', 'jt808', 'gl200'].includes(s.id))) {
      const d = device(sim, 1, 'tcp');
      const a = sim.position(d, fixAt(1, 1, at));
      const b = sim.position(d, fixAt(1, 2, at));
      expect(a.expect, sim.id).not.toEqual(b.expect);
      // An answer meant for one frame does not satisfy the other.
      const p = getProtocol(sim.id)!;
      const answerA = p.respond(a.bytes, p.decode(a.bytes))!;
      const matches = (e: NonNullable<OutFrame['expect']>) => (sim.matches ? sim.matches(e, answerA, d) : toHex(e.bytes!) === toHex(answerA));
      expect(matches(a.expect!), sim.id).toBe(true);
      expect(matches(b.expect!), sim.id).toBe(false);
    }
  });
});

describe('byte-exact against published frames', () => {
  it('GT06 login and its acknowledgement as in the Concox manual (IMEI 123456789012345, serial 1)', () => {
    expect(toHex(gt06Packet(0x01, fromHex('0123456789012345'), 1))).toBe('78780d01012345678901234500018cdd0d0a');
    expect(toHex(gt06Packet(0x01, [], 1))).toBe('787805010001d9dc0d0a');
  });

  it('JT808 0x0200: header, body length and XOR as in Jt808ProtocolDecoderTest.java:122', () => {
    const wire = '7e02000033017051564189000c00000000000c00020158ff7206cd1f4c000000000123201122115639010400000000300143310114930100e3060064019a0000557e';
    const body = fromHex(wire).subarray(13, 13 + 0x33);
    expect(toHex(jt808Message(0x0200, '017051564189', 0x000c, body))).toBe(wire);
  });

  it('JT808 escapes 7e and 7d in header and body, and the decoder reads them back', () => {
    // Serial 7e7d and altitude 0x7d7e (32126 m) put both flag bytes into header and body.
    const fix: Fix = { ...fixAt(3, 0, at), altitude: 0x7d7e };
    const f = jt808Message(0x0200, phoneFor(3), 0x7e7d, locationBody(fix, 3));
    expect(f[0]).toBe(0x7e);
    expect(f[f.length - 1]).toBe(0x7e);
    expect([...f.subarray(1, f.length - 1)]).not.toContain(0x7e);
    expect(toHex(f)).toContain('7d027d01'); // the serial
    expect(toHex(f)).toContain('7d017d02'); // the altitude
    const plain = unescapeBytes(f, 0x7d, { 1: 0x7d, 2: 0x7e }, 1, f.length - 1).bytes;
    expect(toHex(plain.subarray(10, 12))).toBe('7e7d');
    const d = getProtocol('jt808')!.decode(f);
    expect(d.issues).toEqual([]);
    expect(d.positions[0]!.altitude).toBe(0x7d7e);
  });

  it('GoSafe binary: CRC-16/XMODEM and 1b stuffing as in GoSafeProtocolDecoderTest', () => {
    const wire = fromHex('f80601013fb82203661b002ee46249007a13003f45feefeeb401db1b00be00000000060e00d602018904036412080c010111e121003100410051010807000000000000004655f8');
    const plain = unescapeBytes(wire, 0x1b, { 0x00: 0x1b, 0xe3: 0xf8 }, 1, wire.length - 1).bytes;
    expect(toHex(gosafePacket(plain.subarray(0, plain.length - 2)))).toBe(toHex(wire));
  });

  it('GoSafe stuffs f8 and 1b inside a position and still decodes it', () => {
    // 0x031bf81b micro-degrees: the latitude's bytes are 03 1b f8 1b.
    const fix: Fix = { ...santiago, lat: 0x031bf81b / 1e6, lon: 13.5 };
    const f = dataPacket(imeiFor(0), fix);
    expect(toHex(f)).toContain('031b001be31b00');
    const d = getProtocol('gosafe')!.decode(f);
    expect(d.issues).toEqual([]);
    expect(d.positions[0]!.lat).toBeCloseTo(fix.lat, 6);
  });

  it('Teltonika AVL packet: preamble, length and CRC-16/IBM as in TeltonikaProtocolDecoderTest', () => {
    const wire = fromHex('000000000000002b080100000140d4e3ec6e000cc661d01674a5e0fffc00000900000004020100f0000242322318000000000100007a04');
    expect(toHex(tcpPacket(wire.subarray(8, wire.length - 4)))).toBe(toHex(wire));
  });

  it('H02 heartbeat as in H02ProtocolDecoderTest.java:37, awaiting its own echo', () => {
    const d: SimDevice = { n: 0, id: '135790246811220', transport: 'tcp', serial: 0 };
    const hb = h02Sim.heartbeat(d, at)!;
    expect(String.fromCharCode(...hb.bytes)).toBe('*HQ,135790246811220,HTBT#');
    expect(toHex(hb.expect!.bytes!)).toBe(toHex(hb.bytes));
  });
});

describe('devices and routes', () => {
  it('gives 5,000 devices distinct 15-digit IMEIs that pass Luhn, and distinct phones', () => {
    const imeis = Array.from({ length: 5000 }, (_, n) => imeiFor(n));
    expect(new Set(imeis).size).toBe(5000);
    for (const i of imeis) {
      expect(i).toMatch(/^\d{15}$/);
      expect(luhnValid(i)).toBe(true);
    }
    const phones = Array.from({ length: 5000 }, (_, n) => phoneFor(n));
    expect(new Set(phones).size).toBe(5000);
    expect(phones[4999]).toMatch(/^\d{12}$/);
    for (const sim of SIM_PROTOCOLS) expect(new Set(Array.from({ length: 5000 }, (_, n) => sim.deviceId(n))).size, sim.id).toBe(5000);
  });

  it('drives a loop around a block: steps match the speed, courses match the direction of travel', () => {
    const n = 42;
    const speed = speedFor(n) / 3.6;
    let prev = fixAt(n, 0, at);
    const courses = new Set<number>();
    for (let s = 1; s <= 120; s++) {
      const f = fixAt(n, s, at);
      const dn = (f.lat - prev.lat) * 111_320;
      const de = (f.lon - prev.lon) * 111_320 * Math.cos((f.lat * Math.PI) / 180);
      const dist = Math.hypot(dn, de);
      // Straight stretches move exactly speed × 1 s; across a corner the chord is shorter.
      expect(dist).toBeLessThanOrEqual(speed + 0.01);
      expect(dist).toBeGreaterThan(speed * 0.7);
      if (f.course === prev.course) {
        const heading = (Math.atan2(de, dn) * 180) / Math.PI;
        expect(Math.abs(((heading - f.course + 540) % 360) - 180)).toBeLessThan(0.5);
      }
      courses.add(f.course);
      prev = f;
    }
    expect([...courses].sort((a, b) => a - b)).toEqual([0, 90, 180, 270]);
    // The loop closes: after one perimeter the device is back where it started.
    const lap = 640 / speed;
    const a = fixAt(n, 3, at);
    const b = fixAt(n, 3 + lap, at);
    expect(Math.abs(a.lat - b.lat)).toBeLessThan(1e-7);
    expect(Math.abs(a.lon - b.lon)).toBeLessThan(1e-7);
  });
});

describe('parseSimulateArgs', () => {
  it('reads every flag, with or without the command word', () => {
    expect(parseSimulateArgs(['simulate', '--protocol', 'GT06', '--devices', '50', '--interval', '0.5', '--host', '10.0.0.2', '--port', '5023', '--duration', '30'])).toEqual({
      protocol: 'gt06',
      devices: 50,
      intervalSec: 0.5,
      host: '10.0.0.2',
      port: 5023,
      durationSec: 30,
    });
    expect(parseSimulateArgs(['--protocol=h02', '--udp', '--host=[::1]'])).toMatchObject({ protocol: 'h02', udp: true, host: '::1', devices: 1, intervalSec: 10, port: 8888 });
  });

  it.each([
    [[], /needs --protocol, one of gt06, jt808/],
    [['--protocol', 'nope'], /'nope' is not a protocol this simulator knows; choose one of gt06/],
    [['--protocol', 'xexun'], /xexun is decoded by Trackwire but not simulated yet/],
    [['--protocol', 'gt06', '--devices', '0'], /--devices expects a whole number from 1 to 20000, got '0'/],
    [['--protocol', 'gt06', '--devices', '2.5'], /--devices expects a whole number/],
    [['--protocol', 'gt06', '--devices', 'many'], /--devices expects a whole number from 1 to 20000, got 'many'/],
    [['--protocol', 'gt06', '--interval', '0.01'], /--interval expects seconds, at least 0.05, got 0.01/],
    [['--protocol', 'gt06', '--interval', '-1'], /--interval expects seconds, at least 0.05, got '-1'/],
    [['--protocol', 'gt06', '--port', '70000'], /--port expects a number from 1 to 65535, got 70000/],
    [['--protocol', 'gt06', '--duration', '0'], /--duration expects a positive number of seconds, got 0/],
    [['--protocol', 'gt06', '--udp'], /gt06 runs over TCP only: drop --udp/],
    [['--protocol', 'gt06', '--devices'], /--devices needs a value/],
    [['--protocol', 'gt06', '--devices', '--udp'], /--devices needs a value/],
    [['--protocol', 'gt06', '--fast'], /unknown option '--fast' for simulate/],
    [['--protocol', 'gt06', 'extra'], /unexpected argument 'extra' for simulate/],
  ])('%j → a message naming the flag', (argv, message) => {
    expect(() => parseSimulateArgs(argv as string[])).toThrow(message);
  });

  it('checkOptions accepts what the flags produce and names the problem otherwise', () => {
    expect(checkOptions({ protocol: 'teltonika', devices: 10, intervalSec: 1, host: 'localhost', port: 5027, udp: true })).toBeNull();
    expect(checkOptions({ protocol: 'teltonika', devices: 10, intervalSec: 1, host: ' ', port: 5027 })).toMatch(/--host/);
  });
});
