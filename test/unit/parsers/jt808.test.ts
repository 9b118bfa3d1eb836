import { afterEach, describe, expect, it, vi } from 'vitest';
import { jt808, deviceIdToPhone, message, phoneToDeviceId } from '../../../parsers/jt808';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('jt808');
const decoderFrames = corpus.filter((f) => f.stage === 'decoder');
const up = { transport: 'tcp', direction: 'up' } as const;
const down = { transport: 'tcp', direction: 'down' } as const;

/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);
const hex = (b: Uint8Array | null) => (b ? toHex(b) : null);

describe('jt808 frame and header: heartbeat 0x0002', () => {
  // Jt808ProtocolDecoderTest.java:343
  const frame = fromHex('7e0002000004304832546500b7ca7e');
  const d = jt808.decode(frame, up);

  it('places flags, message id, attributes, phone, serial and check code on their bytes', () => {
    expect(d.messageType).toBe('heartbeat');
    expect(d.messageCode).toBe('0x0002');
    expect(at(d, 'jt808.start')).toEqual([0, 1, 0x7e]);
    expect(at(d, 'jt808.header.msg_id')).toEqual([1, 3, 0x0002]);
    expect(at(d, 'jt808.header.attributes')).toEqual([3, 5, 0]);
    expect(at(d, 'jt808.header.body_length')).toEqual([3, 5, 0]);
    expect(at(d, 'jt808.header.phone')).toEqual([5, 11, '043048325465']);
    expect(at(d, 'jt808.header.serial')).toEqual([11, 13, 0xb7]);
    expect(at(d, 'jt808.checksum')).toEqual([13, 14, 0xca]);
    expect(at(d, 'jt808.end')).toEqual([14, 15, 0x7e]);
    const computed = findNode(d.tree, 'jt808.checksum_computed')!;
    expect(computed.generated).toBe(true);
    expect(computed.value).toBe(0xca);
    expect(d.issues).toEqual([]);
    expect(d.positions).toEqual([]);
  });

  it('takes the device id from the phone digits without leading zeros', () => {
    expect(d.deviceId).toBe('43048325465');
  });

  it('answers 0x8001: reply serial 00b7, reply id 0002, result 0, the device phone, XOR f9', () => {
    // 80 01 | 00 05 | 04 30 48 32 54 65 | 00 b7 | 00 b7 00 02 00 | f9 = XOR of all of these
    expect(hex(jt808.respond(frame, d))).toBe('7e8001000504304832546500b700b7000200f97e');
  });
});

describe('jt808 escaping', () => {
  it('cuts the frame after garbage and gives it unescaped (Jt808FrameDecoderTest.java:21)', () => {
    const b = fromHex('24247e307d02087d01557e');
    const s = jt808.split(b);
    expect(s.garbage).toEqual([{ start: 0, end: 2 }]);
    expect(s.frames).toEqual([{ start: 2, end: 11 }]);
    expect(s.consumed).toBe(11);
    expect(hex(jt808.plain!(b.subarray(2, 11)))).toBe('7e307e087d557e');
  });

  it('maps an escaped byte back to both wire bytes (Jt808ProtocolDecoderTest.java:163, phone ends in 7d)', () => {
    const f = fromHex('7e090000344f07788ef87d010138f02305151230460102020001ffffffff000100001457000000020006503134353700000c000a029dc63004b99a98230515132726787e');
    const d = jt808.decode(f, up);
    expect(at(d, 'jt808.header.phone')).toEqual([5, 12, '4f07788ef87d']);
    expect(at(d, 'jt808.header.serial')).toEqual([12, 14, 0x0138]);
    expect(d.deviceId).toBe('868935060010210');
    expect(ids(d)).toContain('jt808.phone_not_bcd');
    expect(d.attributes.dtcs).toBe('P1457');
    expect(at(d, 'jt808.passthrough.dtc.text')).toEqual([42, 48, 'P1457']);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('flags a 7d not followed by 01 or 02 as malformed and still decodes', () => {
    const f = fromHex('7e0002000004304832546500b77d03ca7e');
    const d = jt808.decode(f, up);
    expect(ids(d)).toContain('jt808.bad_escape');
    expect(d.issues.find((i) => i.id === 'jt808.bad_escape')!.group).toBe('malformed');
    expect(d.messageType).toBe('heartbeat');
    expect(jt808.respond(f, d)).toBeNull();
  });

  it('escapes 7e in its answer: serial 007e travels as 00 7d 02', () => {
    // heartbeat with serial 0x007e: check code 03 = XOR of 00 02 00 00 04 30 48 32 54 65 00 7e
    const f = fromHex('7e00020000043048325465007d02037e');
    const d = jt808.decode(f, up);
    expect(d.issues).toEqual([]);
    expect(at(d, 'jt808.header.serial')).toEqual([11, 14, 0x7e]);
    expect(hex(jt808.respond(f, d))).toBe('7e80010005043048325465007d02007d02000200f97e');
  });
});

describe('jt808 location 0x0200', () => {
  // Jt808ProtocolDecoderTest.java:340
  const frame = fromHex('7e020000220014012499170007000000000000400e012af16f02cbd2ba000000000000150101194257010400000077a97e');
  const d = jt808.decode(frame, up);

  it('decodes alarm, status, coordinates with the hemisphere bits, time GMT+8 → UTC', () => {
    expect(d.messageType).toBe('location');
    expect(d.deviceId).toBe('1401249917');
    expect(d.positions).toEqual([{ time: '2015-01-01T11:42:57.000Z', valid: true, lat: -19.591535, lon: -46.912186, speedKnots: 0, course: 0, altitude: 0 }]);
    expect(at(d, 'jt808.location.alarm')).toEqual([13, 17, 0]);
    expect(at(d, 'jt808.location.status')).toEqual([17, 21, 0x400e]);
    expect(at(d, 'jt808.location.status.south')).toEqual([17, 21, 1]);
    expect(at(d, 'jt808.location.latitude')).toEqual([21, 25, 19591535]);
    expect(at(d, 'jt808.location.longitude')).toEqual([25, 29, 46912186]);
    expect(at(d, 'jt808.location.altitude')).toEqual([29, 31, 0]);
    expect(at(d, 'jt808.location.speed')).toEqual([31, 33, 0]);
    expect(at(d, 'jt808.location.course')).toEqual([33, 35, 0]);
    expect(at(d, 'jt808.location.time')).toEqual([35, 41, '2015-01-01T11:42:57.000Z']);
  });

  it('names the additional-information item 0x01 mileage and turns it into metres', () => {
    const item = findNode(d.tree, 'jt808.item.mileage')!;
    expect([item.start, item.end]).toEqual([41, 47]);
    expect(at(d, 'jt808.item.id')).toEqual([41, 42, 0x01]);
    expect(at(d, 'jt808.item.length')).toEqual([42, 43, 4]);
    expect(at(d, 'jt808.item.mileage.value')).toEqual([43, 47, 0x77]);
    expect(d.attributes).toMatchObject({ odometer: 11900, ignition: false, door: true });
    expect(at(d, 'jt808.checksum')).toEqual([47, 48, 0xa9]);
    expect(uncovered(d.tree, frame.length)).toEqual([]);
  });

  it('answers 0x8001 with reply id 0200', () => {
    expect(hex(jt808.respond(frame, d))).toBe('7e8001000500140124991700070007020000397e');
  });

  it('converts speed 1/10 km/h to knots (Jt808ProtocolDecoderTest.java:65: 450 → 45 km/h)', () => {
    const f = fromHex(wireHex(corpus.find((c) => c.source === 'Jt808ProtocolDecoderTest.java:65')!));
    const p = jt808.decode(f, up).positions[0]!;
    expect(p.speedKnots).toBeCloseTo(45 / 1.852, 6);
    expect(p.altitude).toBe(43);
  });
});

describe('jt808 additional-information items', () => {
  const byLine = (line: number) => {
    const f = corpus.find((c) => c.source === `Jt808ProtocolDecoderTest.java:${line}`)!;
    const bytes = fromHex(wireHex(f));
    return { bytes, d: jt808.decode(bytes, up) };
  };

  it('joins alarm flag bit 7 and the 0xeb/0x0089 removal bit: "lowBattery,removing" (:224)', () => {
    const { d } = byLine(224);
    expect(d.attributes.alarm).toBe('lowBattery,removing');
    expect(findNode(d.tree, 'jt808.location.alarm.undervoltage')!.value).toBe(1);
    expect(d.attributes.iccid).toBe('89860477012070271502');
  });

  it('reads 0xe4 as charge flag and battery level (:26) and 0x31 satellites', () => {
    const { d } = byLine(26);
    expect(d.attributes).toMatchObject({ batteryLevel: 99, charge: true, sat: 9, rssi: 28 });
    expect(d.positions[0]!.satellites).toBe(9);
  });

  it('switches to the OBD extension table after the 0x80 marker (:228)', () => {
    const { d } = byLine(228);
    expect(d.attributes).toMatchObject({ dtcs: 'P538f U029f', rpm: 5000, vin: '123456789ABCDEFGH' });
    expect(findNode(d.tree, 'jt808.item.ext.dtcs')).toBeDefined();
  });

  it('shows an unknown item as a named raw node (:126, item 0x61)', () => {
    const { d, bytes } = byLine(126);
    const unknown = findNode(d.tree, 'jt808.item.unknown')!;
    expect(unknown.label).toBe('Unknown item (0x61)');
    const raw = unknown.children!.find((n) => n.id === 'jt808.item.raw')!;
    expect(raw.issues!.map((i) => i.id)).toEqual(['core.undecoded']);
    expect(d.attributes.temp1).toBe(-2.3);
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
  });

  it('flags the frame whose check code is wrong and still decodes it (:409)', () => {
    const { d } = byLine(409);
    expect(ids(d)).toContain('jt808.checksum_incorrect');
    expect(d.issues.filter((i) => i.group === 'checksum')).toHaveLength(1);
    expect(d.attributes.alarmLabel).toBe('303037343234322603271552450b0500');
    expect(d.positions).toHaveLength(1);
  });
});

describe('jt808 terminal messages', () => {
  it('0x0100 register: 2011 layout, GBK plate, answered with 0x8100 and the phone as auth code (:221)', () => {
    const f = fromHex('7e01000021013345678906000f002c012f373031313142534a2d4d3742203030303030303001d4c1423838383838b47e');
    const d = jt808.decode(f, up);
    expect(d.messageType).toBe('register');
    expect(d.deviceId).toBe('13345678906');
    expect(at(d, 'jt808.register.province')).toEqual([13, 15, 0x2c]);
    expect(at(d, 'jt808.register.manufacturer')).toEqual([17, 22, '70111']);
    expect(at(d, 'jt808.register.model')).toEqual([22, 30, 'BSJ-M7B']);
    expect(at(d, 'jt808.register.plate_color')).toEqual([37, 38, 1]);
    expect(at(d, 'jt808.register.plate')).toEqual([38, 46, '粤B88888']);
    expect(d.positions).toEqual([]);
    // 81 00 | 00 0f | phone | serial 000f | reply serial 000f, result 00, "013345678906" | 17
    expect(hex(jt808.respond(f, d))).toBe('7e8100000f013345678906000f000f00303133333435363738393036177e');
  });

  it('0x0102 authentication: the code as text, answered with 0x8001 (:331)', () => {
    const f = fromHex('7e010200100940278494700084323031313131303831313333323139369f7e');
    const d = jt808.decode(f, up);
    expect(at(d, 'jt808.auth.code')).toEqual([13, 29, '2011110811332196']);
    expect(hex(jt808.respond(f, d))).toBe('7e8001000509402784947000840084010200897e');
  });

  it('0x0704 batch in the 2019 header: version byte, 10-byte phone, reply in the same version (:33)', () => {
    const f = fromHex('7e0704402d0100000866496077582164881d0001000028000000000000000701a00192091f2a4700160000000226050916422701040000258230010031010e507e');
    const d = jt808.decode(f, up);
    expect(at(d, 'jt808.header.version_flag')).toEqual([3, 5, 1]);
    expect(at(d, 'jt808.header.version')).toEqual([5, 6, 1]);
    expect(at(d, 'jt808.header.phone')).toEqual([6, 16, '00000866496077582164']);
    expect(at(d, 'jt808.header.serial')).toEqual([16, 18, 0x881d]);
    expect(d.deviceId).toBe('866496077582164');
    expect(at(d, 'jt808.batch.count')).toEqual([18, 20, 1]);
    expect(d.positions).toHaveLength(1);
    expect(d.attributes.sat).toBe(14);
    expect(hex(jt808.respond(f, d))).toBe('7e800140050100000866496077582164881d881d070400eb7e');
  });

  it('0x0704 with three reports gives three positions; attributes are those of the first (:255)', () => {
    const d = jt808.decode(fromHex(wireHex(corpus.find((c) => c.source === 'Jt808ProtocolDecoderTest.java:255')!)), up);
    expect(d.positions).toHaveLength(3);
    expect(d.attributes.power).toBe(74.94);
    expect(d.attributes.archive).toBe(true);
  });

  it('0x0900 pass-through OBD text: one node per comma field (:100)', () => {
    const f = fromHex('7e0900004a018178393931007941244f42442d52542c31322e332c302c32302c302e30302c302e30302c302c31302e38392c33312e31352c3138312e36382c3138312c35342e32362c3536352e39362c302c302c300d0ae97e');
    const d = jt808.decode(f, up);
    expect(at(d, 'jt808.passthrough.type')).toEqual([13, 14, 0x41]);
    expect(at(d, 'jt808.passthrough.obd.header')).toEqual([14, 21, '$OBD-RT']);
    expect(at(d, 'jt808.passthrough.obd.power')).toEqual([22, 26, '12.3']);
    expect(d.attributes.fuelUsed).toBe(565.96);
    expect(uncovered(d.tree, f.length)).toEqual([]);
    expect(hex(jt808.respond(f, d))).toBe('7e8001000501817839393100790079090000447e');
  });

  it.each([
    [81, 'waybill', 'result', 'MD,SET CONFIG OK!'],
    [41, 'driver identity', 'cardCode', '0029b885'],
    [104, 'text report', 'result', '<VER:SDK:BC78E_PET_V1.02_240611,APP:PET10#HW014JTS10203D241104_Nov  4 2024_14:49:34>'],
    [372, 'attributes', 'iccid', '89883030000131882455'],
    [368, 'batch location', 'batteryLevel', 79],
    [238, 'acceleration', 'gSensor', undefined],
  ] as const)('Jt808ProtocolDecoderTest.java:%s decodes as %s with %s', (line, type, key, value) => {
    const f = fromHex(wireHex(corpus.find((c) => c.source === `Jt808ProtocolDecoderTest.java:${line}`)!));
    const d = jt808.decode(f, up);
    expect(d.messageType).toBe(type);
    if (value === undefined) expect(String(d.attributes[key])).toMatch(/^\[\[14,45,-172\],/);
    else expect(d.attributes[key]).toBe(value);
    expect(d.positions).toEqual([]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('0x1007 is named and its unknown body shown raw (:376)', () => {
    const d = jt808.decode(fromHex('7e10070004045460002319090640000000567e'), up);
    expect(d.messageType).toBe('timezone sync');
    expect(at(d, 'jt808.body')).toEqual([13, 17, '40000000']);
    expect(ids(d)).toEqual(['core.undecoded']);
  });
});

describe('jt808 Jointech JT701 variants', () => {
  it('0x5501: 1-byte serial, JT600 BCD record, lock item, answered with 0x4401 when bit 15 is set (:138)', () => {
    const f = fromHex('7e55018c418560090010174701022106242122348476113550490700001c06000000074e0000000000000308100000100102020200000a030000000b0803363839363037650c0600000001000afa7e');
    const d = jt808.decode(f, up);
    expect(at(d, 'jt808.header.serial')).toEqual([11, 12, 0x47]);
    expect(at(d, 'jt808.jt701.latitude')).toEqual([18, 22, '22348476']);
    expect(at(d, 'jt808.jt701.longitude')).toEqual([22, 27, '113550490']);
    expect(d.positions[0]).toMatchObject({ time: '2021-02-01T06:24:21.000Z', valid: true, satellites: 6 });
    expect(d.positions[0]!.lat).toBeCloseTo(22 + 34.8476 / 60, 6);
    expect(d.attributes).toMatchObject({ unlockResult: 101, lockPassword: '689607', batteryLevel: 78 });
    // 44 01 | 00 03 | phone | serial 01 | 55 01 00 | f8
    expect(hex(jt808.respond(f, d))).toBe('7e4401000385600900101701550100f87e');
  });

  describe('text messages', () => {
    afterEach(() => vi.useRealTimers());
    it('(…,BASE,2,TIME) is a time request answered with the UTC time in place of TIME (:211)', () => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2024-01-02T03:04:05Z'));
      const f = fromHex('283739343130343030343134302c312c3030312c424153452c322c54494d4529');
      const d = jt808.decode(f, up);
      expect(d.messageType).toBe('time request');
      expect(d.deviceId).toBe('794104004140');
      expect(d.positions).toEqual([]);
      expect(at(d, 'jt808.sentence.command')).toEqual([20, 24, 'BASE']);
      expect(uncovered(d.tree, f.length)).toEqual([]);
      expect(new TextDecoder().decode(jt808.respond(f, d)!)).toBe('(794104004140,1,001,BASE,2,20240102030405)');
    });
    it('other commands carry the whole text as result (:263)', () => {
      const d = jt808.decode(fromHex('283734303139303331313138352c312c3030312c454c4f434b2c332c35323934333929'), up);
      expect(d.attributes.result).toBe('(740190311185,1,001,ELOCK,3,529439)');
      expect(d.messageCode).toBe('ELOCK');
    });
  });
});

describe('jt808 platform downlinks (decoded by message id)', () => {
  it('0x8105 terminal control f0 engine stop (Jt808ProtocolEncoderTest.java:20)', () => {
    const d = jt808.decode(fromHex('7e810500010b3a73ce2ff20000f0247e'), down);
    expect(d.messageType).toBe('terminal control');
    expect(at(d, 'jt808.control.command')).toEqual([13, 14, 0xf0]);
    expect(findNode(d.tree, 'jt808.control.command')!.display).toMatch(/engine stop/);
    // the commands' device 123456789012345 travels as binary 12345678901234 (0b3a73ce2ff2); reading
    // it back adds that number's own Luhn digit, as Traccar does
    expect(d.deviceId).toBe('123456789012347');
    expect(toHex(deviceIdToPhone('123456789012345'))).toBe('0b3a73ce2ff2');
  });

  it('0x8300 text (Jt808ProtocolEncoderTest.java:27)', () => {
    const d = jt808.decode(fromHex('7e830000140b3a73ce2ff2000001546573742c20436f6d6d616e642c2031323323a57e'), down);
    expect(at(d, 'jt808.text.flag')).toEqual([13, 14, 1]);
    expect(at(d, 'jt808.text.content')).toEqual([14, 33, 'Test, Command, 123#']);
  });

  it('0x8001 and 0x8100 round-trip from the answers', () => {
    const hb = fromHex('7e0002000004304832546500b7ca7e');
    const ack = jt808.decode(jt808.respond(hb, jt808.decode(hb))!, down);
    expect(ack.messageType).toBe('platform response');
    expect(at(ack, 'jt808.response.serial')).toEqual([13, 15, 0xb7]);
    expect(at(ack, 'jt808.response.msg_id')).toEqual([15, 17, 0x0002]);
    expect(at(ack, 'jt808.response.result')).toEqual([17, 18, 0]);
    const reg = fromHex('7e01000021013345678906000f002c012f373031313142534a2d4d3742203030303030303001d4c1423838383838b47e');
    const rr = jt808.decode(jt808.respond(reg, jt808.decode(reg))!, down);
    expect(rr.messageType).toBe('register response');
    expect(at(rr, 'jt808.register_response.auth_code')).toEqual([16, 28, '013345678906']);
  });

  it('0x8103 set parameters: 0x0001 heartbeat interval 60 s', () => {
    const d = jt808.decode(fromHex('7e8103000a01334567890600010100000001040000003c2e7e'), down);
    expect(at(d, 'jt808.parameters.count')).toEqual([13, 14, 1]);
    expect(at(d, 'jt808.parameters.id')).toEqual([14, 18, 1]);
    expect(at(d, 'jt808.parameters.value')).toEqual([19, 23, 60]);
    expect(findNode(d.tree, 'jt808.parameters.param')!.label).toMatch(/heartbeat interval/);
    expect(d.issues).toEqual([]);
  });

  it('0x8201 position query has an empty body and no answer', () => {
    const f = fromHex('7e8201000001334567890600021e7e');
    const d = jt808.decode(f, down);
    expect(d.messageType).toBe('position query');
    expect(d.issues).toEqual([]);
    expect(jt808.respond(f, d)).toBeNull();
  });
});

describe('jt808 Carscop CC888 ids', () => {
  it('0x0421 keypad event: named, body raw and undecoded, answered with 0x8001', () => {
    const f = fromHex('7e04210004013345678906000501020304bf7e');
    const d = jt808.decode(f, up);
    expect(d.messageType).toBe('keypad lock event');
    expect(at(d, 'jt808.cc888.body')).toEqual([13, 17, '01020304']);
    expect(ids(d)).toEqual(['core.undecoded']);
    expect(hex(jt808.respond(f, d))).toBe('7e80010005013345678906000500050421003e7e');
  });
  it('0x8320 status query and 0x8410 car return are named downlinks', () => {
    expect(jt808.decode(fromHex('7e8320000001334567890600063a7e'), down).messageType).toBe('status query');
    const d = jt808.decode(fromHex('7e84100002013345678906000701020d7e'), down);
    expect(d.messageType).toBe('car return');
    expect(findNode(d.tree, 'jt808.cc888.body')!.value).toBe('0102');
  });
});

describe('jt808 bad input is data', () => {
  it('warns when the body length bits disagree with the frame, and decodes anyway', () => {
    const d = jt808.decode(fromHex('7e0002000504304832546500b7cf7e'), up);
    const i = d.issues.find((x) => x.id === 'jt808.body_length_mismatch')!;
    expect(i.group).toBe('malformed');
    expect(i.severity).toBe('warning');
    expect(d.messageType).toBe('heartbeat');
    expect(ids(d)).not.toContain('jt808.checksum_incorrect');
  });

  it('keeps the fields of a truncated location and marks it', () => {
    const f = fromHex('7e020000220014012499170007000000000000400e012af1');
    const d = jt808.decode(f, up);
    expect(d.issues.some((i) => i.group === 'malformed')).toBe(true);
    expect(findNode(d.tree, 'jt808.location.status')!.value).toBe(0x400e);
    expect(d.positions).toEqual([]);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('shows an unknown message id as a named raw body', () => {
    const d = jt808.decode(fromHex('7e0f0f00020133456789060008abcdf37e'), up);
    expect(d.messageType).toBe('message 0x0f0f');
    expect(ids(d)).toContain('jt808.unknown_message');
    expect(at(d, 'jt808.body')).toEqual([13, 15, 'abcd']);
  });

  it('leaves an RSA-encrypted body raw', () => {
    const d = jt808.decode(fromHex('7e020004030133456789060009aabbcc4e7e'), up);
    expect(at(d, 'jt808.header.encryption')).toEqual([3, 5, 1]);
    expect(at(d, 'jt808.body')).toEqual([13, 16, 'aabbcc']);
    expect(d.positions).toEqual([]);
  });

  it('sub-package 2 of 2: package fields shown, body raw', () => {
    const d = jt808.decode(fromHex('7e08012003013345678906000a00020002aabbcc627e'), up);
    expect(at(d, 'jt808.header.package_total')).toEqual([13, 15, 2]);
    expect(at(d, 'jt808.header.package_index')).toEqual([15, 17, 2]);
    expect(at(d, 'jt808.body')).toEqual([17, 20, 'aabbcc']);
    expect(d.messageType).toBe('media upload (part 2)');
  });

  it('sub-package 1 of a location decodes what it has; running out is not an error', () => {
    const d = jt808.decode(fromHex('7e0200200a013345678906000b00020001000000000000000e012a9a7e'), up);
    expect(findNode(d.tree, 'jt808.location.status')!.value).toBe(0x0e);
    expect(ids(d)).toContain('jt808.continues_in_next_package');
    expect(d.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('jt808 device ids', () => {
  it('strips leading zeros of a BCD phone and reads a binary IMEI with its Luhn digit', () => {
    expect(phoneToDeviceId(fromHex('013345678906'))).toBe('13345678906');
    expect(phoneToDeviceId(fromHex('4eb6fb4ad628'))).toBe('865478070001047');
    expect(toHex(deviceIdToPhone('13345678906'))).toBe('013345678906');
    expect(toHex(message(0x8201, { v2019: false, phone: fromHex('013345678906') }, 2, []))).toBe('7e8201000001334567890600021e7e');
  });
});

describe('jt808 splitter', () => {
  const hb = '7e0002000004304832546500b7ca7e';
  const loc = '7e020000220014012499170007000000000000400e012af16f02cbd2ba000000000000150101194257010400000077a97e';
  it('waits for the rest of a frame split across chunks', () => {
    expect(jt808.split(fromHex(loc.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('cuts two frames from one chunk', () => {
    const r = jt808.split(fromHex(hb + loc));
    expect(r.frames).toEqual([{ start: 0, end: 15 }, { start: 15, end: 15 + loc.length / 2 }]);
    expect(r.consumed).toBe(15 + loc.length / 2);
  });
  it('resynchronises after garbage, including a stray end flag (7e 7e)', () => {
    const r = jt808.split(fromHex('dead7e' + hb));
    expect(r.garbage).toEqual([{ start: 0, end: 3 }]);
    expect(r.frames).toEqual([{ start: 3, end: 18 }]);
  });
  it('leaves a partial frame after a whole one unconsumed', () => {
    const r = jt808.split(fromHex(hb + loc.slice(0, 20)));
    expect(r.frames).toEqual([{ start: 0, end: 15 }]);
    expect(r.consumed).toBe(15);
  });
  it('drops a start flag with no end within the longest frame', () => {
    const b = new Uint8Array(3000).fill(0x11);
    b[0] = 0x7e;
    const r = jt808.split(b);
    expect(r.frames).toEqual([]);
    expect(r.garbage).toEqual([{ start: 0, end: 3000 }]);
    expect(r.consumed).toBe(3000);
  });
  it('cuts a Jointech text message and the binary frame after it', () => {
    const text = '283739343130343030343134302c312c3030312c424153452c322c54494d4529';
    const r = jt808.split(fromHex(text + hb));
    expect(r.frames).toEqual([{ start: 0, end: 32 }, { start: 32, end: 47 }]);
  });
});

describe('jt808 detection', () => {
  it('explains its score with evidence', () => {
    const [c] = detect(fromHex('7e0002000004304832546500b7ca7e'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('jt808');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['start flag 7e', 'end flag 7e', 'XOR check code ok', 'body length 0 matches the frame', 'known message id 0x0002 (heartbeat)', 'phone 043048325465 is BCD']));
  });
  it('scores a bad check code and wrong length lower', () => {
    const good = jt808.detect(fromHex('7e0002000004304832546500b7ca7e'), { transport: 'tcp' }).score;
    const bad = jt808.detect(fromHex('7e0002000504304832546500b7cb7e'), { transport: 'tcp' }).score;
    expect(bad).toBeLessThan(good);
  });
  it('does not claim GT06 frames or JT600 text with a 10-digit id', () => {
    expect(jt808.detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' }).score).toBe(0);
    expect(jt808.detect(new TextEncoder().encode('(8054201973,1,168,WLNET,5,2,'), { transport: 'tcp' }).score).toBe(0);
  });
});

describe('jt808 corpus', () => {
  it.each(decoderFrames.map((f) => [f.source, f] as const))('%s decodes without throwing, ranges inside and covering the frame, checksum as the corpus says', (_s, f) => {
    const bytes = fromHex(wireHex(f));
    const d = jt808.decode(bytes, up);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
      expect(n.start).toBeLessThanOrEqual(n.end);
    }
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    if (f.checksum) expect(ids(d).includes('jt808.checksum_incorrect')).toBe(!f.checksum.ok);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    for (const [k, v] of Object.entries(f.expect.attributes ?? {})) expect(d.attributes[k], k).toEqual(v);
    expect(detect(bytes, { transport: 'tcp' }, PROTOCOLS)[0]?.protocol).toBe('jt808');
  });
});
