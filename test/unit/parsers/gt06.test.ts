import { afterEach, describe, expect, it, vi } from 'vitest';
import { gt06, ack, timeResponse } from '../../../parsers/gt06';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame, FieldNode } from '../../../parsers/core/types';
import { loadCorpus } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('gt06');
const decoderFrames = corpus.filter((f) => f.stage === 'decoder');

const dec = (hex: string): DecodedFrame => gt06.decode(fromHex(hex), { transport: 'tcp', direction: 'up' });
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const all = (d: DecodedFrame, id: string): FieldNode[] => [...walk(d.tree)].filter((n) => n.id === id);
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);
const answer = (hex: string) => {
  const b = fromHex(hex);
  const r = gt06.respond(b, gt06.decode(b, { transport: 'tcp', direction: 'up' }));
  return r ? toHex(r) : null;
};

describe('gt06 login (0x01)', () => {
  // Gt06ProtocolDecoderTest.java:477
  const frame = fromHex('78780d01012345678901234500018cdd0d0a');
  const d = gt06.decode(frame);

  it('decodes the IMEI with its 8 bytes', () => {
    expect(d.messageType).toBe('login');
    expect(d.deviceId).toBe('123456789012345');
    const imei = findNode(d.tree, 'gt06.login.imei')!;
    expect([imei.start, imei.end]).toEqual([4, 12]);
    expect(imei.value).toBe('0123456789012345');
  });

  it('places header, length, type, serial, CRC and stop bits', () => {
    expect(at(d, 'gt06.header')).toEqual([0, 2, 0x7878]);
    expect(at(d, 'gt06.length')).toEqual([2, 3, 13]);
    expect(at(d, 'gt06.type')).toEqual([3, 4, 1]);
    expect(at(d, 'gt06.serial')).toEqual([12, 14, 1]);
    expect(at(d, 'gt06.crc')).toEqual([14, 16, 0x8cdd]);
    expect(at(d, 'gt06.stop')).toEqual([16, 18, 0x0d0a]);
    const computed = findNode(d.tree, 'gt06.crc_computed')!;
    expect(computed.generated).toBe(true);
    expect(computed.value).toBe(0x8cdd);
    expect(d.issues.filter((i) => i.group === 'checksum')).toEqual([]);
  });

  it('answers with the exact ACK 78 78 05 01 <serial> <crc> 0d 0a', () => {
    expect(toHex(gt06.respond(frame, d)!)).toBe('787805010001d9dc0d0a');
  });

  it('answers an extended login with the serial taken from the frame', () => {
    // Gt06ProtocolDecoderTest.java:523: login with type identification and timezone, serial 0x0002
    const f = fromHex('787811010864717003664467100f190a0002c6d20d0a');
    const dd = gt06.decode(f);
    expect(dd.deviceId).toBe('864717003664467');
    expect(findNode(dd.tree, 'gt06.login.model')!.value).toBe(0x100f);
    expect(findNode(dd.tree, 'gt06.login.timezone')!.value).toBe(0x190a);
    const a = gt06.respond(f, dd)!;
    expect(toHex(a.subarray(0, 6))).toBe('787805010002');
    expect(toHex(a)).toBe(toHex(ack(1, 2)));
  });
});

describe('gt06 0x7979 header (2-byte length)', () => {
  // Gt06ProtocolDecoderTest.java:81: information transmission, type 0x0b network technology
  const d = dec('79790007940b010a0b5ace0d0a');
  it('reads the 2-byte length and places the content after it', () => {
    expect(at(d, 'gt06.header')).toEqual([0, 2, 0x7979]);
    expect(at(d, 'gt06.length')).toEqual([2, 4, 7]);
    expect(at(d, 'gt06.type')).toEqual([4, 5, 0x94]);
    expect(at(d, 'gt06.info.sub_type')).toEqual([5, 6, 0x0b]);
    expect(at(d, 'gt06.info.network')).toEqual([6, 7, 1]);
    expect(at(d, 'gt06.serial')).toEqual([7, 9, 0x0a0b]);
    expect(d.attributes.networkTechnology).toBe('4G');
    expect(d.issues).toEqual([]);
  });
  it('gets no answer (information packets are not acknowledged)', () => {
    expect(answer('79790007940b010a0b5ace0d0a')).toBeNull();
  });
});

describe('gt06 location', () => {
  it('decodes 0x12 time, position, speed and LBS with byte ranges (Gt06ProtocolDecoderTest.java:489)', () => {
    const f = fromHex('78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('location');
    expect(d.positions[0]).toMatchObject({ time: '2015-10-20T14:21:11.000Z', valid: true, satellites: 5, speedKnots: 0 });
    expect(d.positions[0]!.lat).toBeCloseTo(54.94535, 5);
    expect(d.positions[0]!.lon).toBeCloseTo(24.01762, 5);
    const range = (id: string) => at(d, id)!.slice(0, 2);
    expect(range('gt06.location.time')).toEqual([4, 10]);
    expect(range('gt06.location.latitude')).toEqual([11, 15]);
    expect(range('gt06.location.longitude')).toEqual([15, 19]);
    expect(range('gt06.location.speed')).toEqual([19, 20]);
    expect(range('gt06.location.course_status')).toEqual([20, 22]);
    expect(findNode(d.tree, 'gt06.location.mcc')!.value).toBe(246);
    expect(range('gt06.location.cell')).toEqual([27, 30]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('decodes 0x22 with ACC, south/west signs from the course flags', () => {
    // Gt06ProtocolDecoderTest.java:628: 0x1497 → north bit set, west bit clear
    const f = fromHex('787822221607160f1000cf0225e03f0bd723182c149701cc0075c300933301000002a5f0860d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('location');
    expect(d.positions[0]!.lat).toBeGreaterThan(0);
    expect(d.positions[0]!.lon).toBeGreaterThan(0);
    expect(d.positions[0]!.speedKnots).toBeCloseTo(0x2c / 1.852, 5);
    expect(d.positions[0]!.course).toBe(0x97);
    expect(d.attributes.ignition).toBe(true);
    expect(findNode(d.tree, 'gt06.location.acc')!.start).toBe(30);
    expect(gt06.respond(f, d)).not.toBeNull();
  });

  it('0x10 GPS only: the position, and the two bytes after it left undecoded', () => {
    // Gt06ProtocolDecoderTest.java:499
    const d = dec('787819100b031a0b1b31cc027ac7fd0c4657bf0115210001001cc6070d0a');
    expect(d.positions[0]).toMatchObject({ time: '2011-03-26T11:27:49.000Z', valid: true, satellites: 12, course: 0x121 });
    expect(at(d, 'gt06.extra')!.slice(0, 2)).toEqual([22, 24]);
    expect(ids(d)).toEqual(['core.undecoded']);
  });

  it('0x12 with an IMEI before the date: the standard reading gives no valid date, so the IMEI is read first', () => {
    // Gt06ProtocolDecoderTest.java:623 (model-specific layout)
    const d = dec('7878271208667030665022971a020c0a1e32c601727c1c0f89af002c14fa01366e000100010c003c1fdd0d0a');
    expect(at(d, 'gt06.location.imei')).toEqual([4, 12, '0866703066502297']);
    expect(d.deviceId).toBe('866703066502297');
    expect(at(d, 'gt06.location.time')!.slice(0, 2)).toEqual([12, 18]);
    expect(d.positions[0]).toMatchObject({ time: '2026-02-12T10:30:50.000Z', valid: true, lat: 13.48894, lon: 144.82304 });
    expect(ids(d)).toContain('gt06.model_layout');
  });

  it('0x12 VXT01 tail: status, external voltage, GSM, alarm extension', () => {
    // Gt06ProtocolDecoderTest.java:184
    const d = dec('7878241216040e102c22cf00915ffb04c6016300195a02d402283b00753f400571040001dda4880d0a');
    expect(at(d, 'gt06.location.terminal_info')).toEqual([30, 31, 0x40]);
    expect(at(d, 'gt06.location.power')).toEqual([31, 33, 0x0571]);
    expect(d.attributes).toMatchObject({ ignition: false, power: 13.93, rssi: 4 });
  });

  it('0x12 S5 tail: signed temperature and mileage in tens of metres', () => {
    // Gt06ProtocolDecoderTest.java:209
    const d = dec('78782b1215050d03041bcf031ff30a0be795bc001c17014e14a065dd95314504b6040000001c00000cd90ab8fb6f0d0a');
    expect(at(d, 'gt06.location.temperature')).toEqual([37, 38, 0x1c]);
    expect(d.attributes).toMatchObject({ temp1: 28, power: 12.06, odometer: 0xcd9 * 10 });
  });

  it('0x12 Benway mask and 0x12 with mileage', () => {
    // Gt06ProtocolDecoderTest.java:502 and :493
    const b = dec('787821120c010c0f151fcf027ac8840c4657ec00140001cc00287d001f720001000f53a00d0a');
    expect(at(b, 'gt06.location.io_mask')).toEqual([30, 32, 1]);
    expect(b.attributes).toMatchObject({ ignition: false, adc1: 0.1 });
    const m = dec('787823120f081b121d37cb01c8e2cc08afd3c020d50201940701d600a1190041ee100576d1470d0a');
    expect(at(m, 'gt06.location.odometer')).toEqual([30, 34, 0x0041ee10]);
    expect(m.attributes.ignition).toBe(true); // course/status bits 14 and 15
  });

  it('0x11: GPS block only when the frame has no room for serial and CRC', () => {
    // Gt06ProtocolDecoderTest.java:154: length byte 21, 27 bytes, the content runs up to 0d0a
    const d = dec('78781511170103100e1f9904efe30400a97f88003410ffdd000d0a');
    expect(d.positions[0]).toMatchObject({ time: '2023-01-03T16:14:31.000Z', valid: true, lat: 46.016713, lon: 6.17124 });
    expect(at(d, 'gt06.location.course_status')!.slice(0, 2)).toEqual([20, 22]);
    expect(at(d, 'gt06.stop')).toEqual([25, 27, 0x0d0a]);
    expect(findNode(d.tree, 'gt06.serial')).toBeUndefined();
    expect(ids(d)).toEqual(expect.arrayContaining(['gt06.length_mismatch', 'gt06.checksum_missing']));
    expect(answer('78781511170103100e1f9904efe30400a97f88003410ffdd000d0a')).toBeNull();
  });

  it('0x1e: GPS, then seven cells, timing advance and language', () => {
    // Gt06ProtocolDecoderTest.java:511
    const d = dec('7878471e0e03110b0511c501c664fd074db73f0218a602e003433a002fed40433a0056e14e433a0056104e433a0056fd53433a002eed55433a007e4b57433a002ee25aff00020120f6720d0a');
    expect(d.positions[0]).toMatchObject({ time: '2014-03-17T11:05:17.000Z', lat: -16.543998, lon: -68.074275 });
    expect(all(d, 'gt06.lbs.neighbour')).toHaveLength(7);
    expect(at(d, 'gt06.lbs.ta')).toEqual([67, 68, 0xff]);
    expect(at(d, 'gt06.lbs.language16')).toEqual([68, 70, 2]);
  });

  it('0x22 NT20: source, IMEI and device time before the GPS block, external and battery voltage', () => {
    // Gt06ProtocolDecoderTest.java:603 (bad CRC in the corpus) and :607
    const d = dec('78783c220109999999999999991a04171433101a041714310fb00288a5a8050754500008000800000000000000000604e32933000200468b000025008d87ce0d0a');
    expect(at(d, 'gt06.location.imei')!.slice(0, 2)).toEqual([5, 13]);
    expect(at(d, 'gt06.location.device_time')).toEqual([13, 19, '2026-04-23T20:51:16.000Z']);
    expect(at(d, 'gt06.location.power')).toEqual([47, 49, 1251]);
    expect(d.attributes.power).toBe(12.51);
    expect(ids(d)).toContain('gt06.checksum_incorrect');
    const e = dec('78783c22010357789648774484180c06142038180c06142038cb03313ee4061fe98300185e090000000000000000460984284c000200000000017101d6f35d0d0a');
    expect(e.attributes).toMatchObject({ battery: 4, power: 24.36 });
    expect(e.deviceId).toBe('357789648774484');
  });

  it('0x24 SR411 mini: a GPS block, voltages, and no answer', () => {
    // Gt06ProtocolDecoderTest.java:177
    const hex = '78782e2416061a103600c80275298404a0a24000184602d4023a49006f060104ed01940000086508004139765000be7d640d0a';
    const d = dec(hex);
    expect(d.positions[0]).toMatchObject({ time: '2022-06-26T16:54:00.000Z', valid: true });
    expect(d.attributes).toMatchObject({ ignition: true, power: 12.61, battery: 4.04 });
    expect(answer(hex)).toBeNull();
  });

  it('0x25: IMEI, GPS, cell, and the RFID block found by its length byte', () => {
    // Gt06ProtocolDecoderTest.java:611
    const d = dec('78784e25010356354871186947190909100e0f190909100e0fbf02846fe805078c900018000a02d410c80b0c352c17044605112a4700020000000005840f0102353130303635383036424446030113ed780d0a');
    expect(at(d, 'gt06.location.rfid_length')).toEqual([61, 62, 15]);
    expect(at(d, 'gt06.location.driver_id')).toEqual([63, 77, '0235313030363538303642444603']);
    expect(d.attributes.driverUniqueId).toBe('0235313030363538303642444603');
    expect(d.positions).toHaveLength(1);
  });

  it('0x31 SL4X: 2-byte MNC, 4-byte cell id, mileage and altitude', () => {
    // Gt06ProtocolDecoderTest.java:89
    const d = dec('78782a31180613012b39cc0274c4dc050d7cd000180002d4000ac3c70dbdc4150100000000000002a6000ea40b0d0a');
    expect(at(d, 'gt06.location.mnc')).toEqual([24, 26, 10]);
    expect(at(d, 'gt06.location.cell')).toEqual([28, 32, 0x0dbdc415]);
    expect(at(d, 'gt06.location.altitude')).toEqual([39, 41, 678]);
    expect(d.positions[0]!.altitude).toBe(678);
  });

  it('0x32 SL4X: the altitude is the two bytes before the serial, not the CRC', () => {
    // Gt06ProtocolDecoderTest.java:85: same device as :89, five minutes earlier; the corpus
    // (Traccar) reports -31703, which is the CRC 0x8429 read as an altitude.
    const d = dec('7878293218061301261ccd0274c4ad050d7c960018000a02d4000ac3c70dbdc40b46f004210202af001784290d0a');
    expect(at(d, 'gt06.location.cell')).toEqual([29, 33, 0x0dbdc40b]);
    expect(at(d, 'gt06.location.altitude')).toEqual([38, 40, 687]);
    expect(at(d, 'gt06.crc')).toEqual([42, 44, 0x8429]);
    expect(d.positions[0]!.altitude).toBe(687);
  });

  it('0x34 X1: mileage, cell, driver id, voltages and as many ADC values as the port word says', () => {
    // Gt06ProtocolDecoderTest.java:300
    const hex = '78783c3439000000120a0902093a07031f9e690529be2e00155500000016214901a30308b70000b3fb004aa82b059401a3422100000001000000007d9370b90d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.x1.driver')).toEqual([41, 45, 0x004aa82b]);
    expect(d.attributes).toMatchObject({ driverUniqueId: '4892715', odometer: 0x162149, battery: 14.28, power: 4.19 });
    expect(all(d, 'gt06.x1.adc1').concat(all(d, 'gt06.x1.adc2'))).toHaveLength(2);
    expect(answer(hex)).toBeNull(); // the X1 layout is not acknowledged
  });

  it('0x34 whose stop bits are cut short: the trailer comes from the length field', () => {
    // Gt06ProtocolDecoderTest.java:266: 64 bytes, the length field says 65 (final 0x0a missing)
    const d = dec('78783c3400000000130a1906011105029b4d450b1828d5001c00000000009e7d014e140fc000004e990000000004c301a442210000020101c001c0000591aa0d');
    expect(d.attributes.adc1).toBe(4.48);
    expect(at(d, 'gt06.serial')).toEqual([59, 61, 5]);
    expect(at(d, 'gt06.crc')).toEqual([61, 63, 0x91aa]);
    expect(ids(d)).toEqual(['gt06.length_mismatch', 'core.truncated']);
  });

  it('0x36 location with battery voltage and driver id', () => {
    // Gt06ProtocolDecoderTest.java:637
    const d = dec('78783536190c1d0f1724cf026cc9140c367d4000940001cc0025ef0540e88c01000000000064051428000006c3000001453f9201003477560d0a');
    expect(d.messageType).toBe('location');
    expect(at(d, 'gt06.location.battery')).toEqual([40, 41, 0x28]);
    expect(at(d, 'gt06.location.driver_id')).toEqual([44, 52, 'c3000001453f9201']);
    expect(d.attributes).toMatchObject({ battery: 4, driverUniqueId: 'c3000001453f9201' });
    expect(d.positions).toHaveLength(1);
  });

  it('0x37: GPS, cell, ACC/event/archive and extension modules', () => {
    // Gt06ProtocolDecoderTest.java:238
    const d = dec('7878353714080d05000ac500a886eb0b7522f000100001fe0a05ea004f1b000001002e0400002328003b0217c0003c0401020001002c468a0d0a');
    expect(d.positions[0]).toMatchObject({ time: '2020-08-13T05:00:10.000Z', valid: true });
    expect(all(d, 'gt06.location.module_id').map((n) => n.value)).toEqual([0x2e, 0x3b, 0x3c]);
    expect(at(d, 'gt06.location.odometer')).toEqual([36, 40, 9000]);
    expect(d.attributes.odometer).toBe(9000);
  });

  it('0x38 (0x7979): GPS, upload mode, typed 4G cell and modules', () => {
    // Gt06ProtocolDecoderTest.java:40
    const d = dec('7979003e3819050e0e0c26c5010fd98e0905f53000ccab0e000302c80100000c240000000000048b08001b002e04000015c4003b020000003c0401020001021f60220d0a');
    expect(d.positions[0]).toMatchObject({ time: '2025-05-14T14:12:38.000Z', valid: false });
    expect(at(d, 'gt06.location.cell_type')).toEqual([25, 26, 3]);
    expect(at(d, 'gt06.location.lac')).toEqual([29, 33, 0x0c24]);
    expect(at(d, 'gt06.location.cell')).toEqual([33, 41, 0x48b08]);
    expect(d.attributes.odometer).toBe(0x15c4);
  });

  it('0x61: IMEI, GPS and a numeric driver id', () => {
    // Gt06ProtocolDecoderTest.java:28
    const d = dec('78782e610869412070143950190a1e0d3806c802b0eb0f0561ecdc00d80002d404000004215f0e000001395581000d1ca60d0a');
    expect(d.deviceId).toBe('869412070143950');
    expect(at(d, 'gt06.location.driver_id')).toEqual([41, 45, 0x01395581]);
    expect(d.attributes.driverUniqueId).toBe('20534657');
  });

  it('0xa0: 4G cell with a 2-byte MNC (MCC bit 15), ACC, mode and re-upload', () => {
    // Gt06ProtocolDecoderTest.java:631
    const hex = '78782aa015041007350eca027ac8a20c4658be00140081cc00000000287d0000000002ea5e010004000009dffc0d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.location.mnc')).toEqual([24, 26, 0]);
    expect(at(d, 'gt06.location.lac')).toEqual([26, 30, 0x287d]);
    expect(at(d, 'gt06.location.cell')).toEqual([30, 38, 0x2ea5e01]);
    expect(d.positions[0]).toMatchObject({ time: '2021-04-16T07:53:14.000Z', valid: true });
    expect(d.attributes).toMatchObject({ ignition: false, event: 4, archive: false });
    expect(answer(hex)).toBe('787805a00009009f0d0a');
  });

  it('0xa2 LW 4G location: network, status, voltages, mileage, inputs', () => {
    // Gt06ProtocolDecoderTest.java:78
    const d = dec('787840a218061b0e0f05cf021d22430aa2660b005c00014e140000026500000000024d4e02114504df06031c010007d00000000000086973105524576500c802a86fda0d0a');
    expect(d.messageType).toBe('location');
    expect(at(d, 'gt06.location.power')).toEqual([39, 41, 0x04df]);
    expect(d.attributes).toMatchObject({ power: 12.47, batteryLevel: 100, odometer: 0x7d000, input: 0xc8 });
    expect(d.positions).toHaveLength(1);
  });

  it('0x21 (0x7979): a "Current position!" answer becomes a fix', () => {
    // Gt06ProtocolDecoderTest.java:444
    const d = dec('7979007121000000000143757272656e7420706f736974696f6e214c61743a4e35342e3733393333322c4c6f6e3a4532352e3237333237302c436f757273653a3132362e35332c53706565643a302e303030302c4461746554696d653a323031372d30352d3236202031303a32373a3437000bbee30d0a');
    expect(at(d, 'gt06.string.encoding')).toEqual([9, 10, 1]);
    expect(d.positions[0]).toMatchObject({ time: '2017-05-26T10:27:47.000Z', valid: true, lat: 54.739332, lon: 25.27327, course: 126.53 });
  });
});

describe('gt06 alarms', () => {
  it('0x16: LBS length, status block, alarm byte', () => {
    // Gt06ProtocolDecoderTest.java:173: alarm byte 0x25 = tampering, LBS length 8
    const d = dec('78782516160908063736c0006e70110442fc800000000800000000000000000300002512000473fb0d0a');
    expect(at(d, 'gt06.location.lbs_length')).toEqual([22, 23, 8]);
    expect(at(d, 'gt06.location.alarm')).toEqual([34, 35, 0x25]);
    expect(d.attributes.alarm).toBe('tampering');
  });

  it('0x16 SEEWORLD: one byte more, a 4-byte cell id; voltage byte is a percentage', () => {
    // Gt06ProtocolDecoderTest.java:104
    const d = dec('787826161709130f3a2dcc02c55f2a089f9af9005c210901360481fe066d9b03413e420102035f92fe0d0a');
    expect(at(d, 'gt06.location.cell')).toEqual([28, 32, 0x066d9b03]);
    expect(at(d, 'gt06.location.alarm')).toEqual([35, 36, 1]);
    expect(d.attributes).toMatchObject({ alarm: 'sos', batteryLevel: 62, rssi: 66 });
  });

  it('0x16 with LBS length 0 skips the 45-byte empty LBS area', () => {
    // Gt06ProtocolDecoderTest.java:248
    const d = dec('78784a1614051c150204ec02777e560c2a2a2a5314af000000000000040000000000000000000000000000000000000000000000000000000000000000000000000000007e061b0982004b24c00d0a');
    expect(at(d, 'gt06.location.padding')!.slice(0, 2)).toEqual([23, 68]);
    expect(at(d, 'gt06.location.voltage')).toEqual([69, 70, 6]);
    expect(d.attributes).toMatchObject({ batteryLevel: 100, alarm: 'removing,vibration' });
  });

  it('0x16 with a trailing 8-byte driver id', () => {
    // Gt06ProtocolDecoderTest.java:648
    const d = dec('78782d16190c1d0e3b03cf026cc8d40c367d800014000801cc0025ef40e88c450604e801c3000001453f920100271e590d0a');
    expect(at(d, 'gt06.location.driver_id')).toEqual([36, 44, 'c3000001453f9201']);
    expect(d.attributes.driverUniqueId).toBe('c3000001453f9201');
  });

  it('0x16 alarm code 0x19 reads as the documented low internal battery alarm', () => {
    // Gt06ProtocolDecoderTest.java:579: the reference server reads hardAcceleration here because its
    // test sets an LW-series model; nothing in the bytes tells the model.
    const d = dec('78782516180516150812c804b50ee80880e40805dcf909012e000000986633460604190106c393490d0a');
    expect(at(d, 'gt06.location.alarm')).toEqual([34, 35, 0x19]);
    expect(d.attributes.alarm).toBe('lowBattery');
  });

  it('0x26 and 0x27 (fence number after the language)', () => {
    // Gt06ProtocolDecoderTest.java:245 and :150 (bad CRC in the corpus)
    const a = dec('7878252612030c063816c3026c10540c38c9700144030901cc002866000eee0c06040302000da2db0d0a');
    expect(a.attributes.alarm).toBe('vibration');
    const b = dec('78782627100419092d07c5027ac91c0c4658000005370900000000000000008002001900ff00004df60d0a');
    expect(at(b, 'gt06.location.fence')).toEqual([36, 37, 0xff]);
    expect(b.attributes).toMatchObject({ alarm: 'lowBattery', geofence: 255, blocked: true });
    expect(ids(b)).toContain('gt06.checksum_incorrect');
  });

  it('0xa4: 4G fence alarm with fence number; 0xa5: 4G LBS alarm', () => {
    // Gt06ProtocolDecoderTest.java:24 and :157
    const a = dec('78782da41a0509160203cf05be31f80c306530001c0010012ed000007ef40000000006428b074205041302ff0009389c0d0a');
    expect(at(a, 'gt06.location.lac')).toEqual([26, 30, 0x7ef4]);
    expect(at(a, 'gt06.location.fence')).toEqual([43, 44, 0xff]);
    expect(a.attributes.alarm).toBe('tampering');
    const b = dec('787819a5012ed0000075df000000000098661502050413000019a12b0d0a');
    expect(at(b, 'gt06.lbs.cell')).toEqual([11, 19, 0x986615]);
    expect(b.attributes.alarm).toBe('tampering');
  });

  it('0x95 short: date and event (0x01 is a general alarm without a fix)', () => {
    // Gt06ProtocolDecoderTest.java:262 and :553
    const d = dec('78780c95130a071223200100013ad10d0a');
    expect(at(d, 'gt06.alarm.event')).toEqual([10, 11, 1]);
    expect(d.attributes.alarm).toBe('general');
    expect(d.positions).toEqual([]);
    expect(dec('78780c95130a0209321c90000112800d0a').attributes.alarm).toBe('hardAcceleration');
  });

  it('0x95 JC400: marker, course/status before a 2-byte speed, power, event files', () => {
    // Gt06ProtocolDecoderTest.java:54
    const d = dec('78789795ffff01180b0d031406da04b5ab0d08813df01ca9002c008a9200004556454e545f3836323739383035323432393038375f30303030303030305f323032345f31315f31325f32325f32305f30365f495f35362e6d70342c4556454e545f3836323739383035323432393038375f30303030303030305f323032345f31315f31325f32325f32305f30365f465f35352e6d70340037d45b0d0a');
    expect(at(d, 'gt06.alarm.course_status')).toEqual([22, 24, 0x1ca9]);
    expect(at(d, 'gt06.alarm.speed')).toEqual([24, 26, 44]);
    expect(d.positions[0]).toMatchObject({ time: '2024-11-13T03:20:06.000Z', lat: 43.897038, lon: -79.27096, satellites: 10 });
    expect(d.attributes).toMatchObject({ power: 13.8, alarm: 'hardCornering' });
    expect(d.attributes.eventFiles).toMatch(/^EVENT_862798052429087_.*_F_55\.mp4$/);
  });
});

describe('gt06 heartbeat and status', () => {
  it('0x13 standard: terminal info bits, voltage level as percent, GSM, alarm, language', () => {
    // Gt06ProtocolDecoderTest.java:483
    const hex = '78780a13440604000201baaf540d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.heartbeat.terminal_info')).toEqual([4, 5, 0x44]);
    expect(at(d, 'gt06.heartbeat.voltage')).toEqual([5, 6, 6]);
    expect(at(d, 'gt06.heartbeat.gsm')).toEqual([6, 7, 4]);
    expect(at(d, 'gt06.heartbeat.language')).toEqual([8, 9, 2]);
    expect(d.attributes).toMatchObject({ ignition: false, charge: true, blocked: false, batteryLevel: 100, rssi: 4 });
    expect(answer(hex)).toBe(toHex(ack(0x13, 0x01ba)));
  });

  it('0x13 whose language byte is no language code: LW 12-bit external voltage', () => {
    // Gt06ProtocolDecoderTest.java:575
    const d = dec('78780a13560604f0830ccf986f0d0a');
    expect(at(d, 'gt06.heartbeat.power')).toEqual([7, 9, 0xf083]);
    expect(d.attributes.power).toBe(13.1);
    expect(ids(d)).toContain('gt06.model_layout');
  });

  it('0x13 with a valid language byte stays standard (the SEEWORLD voltage reading needs the model)', () => {
    // Gt06ProtocolDecoderTest.java:585: the reference server reads power 11.0 from 0x0b with a SEEWORLD model set
    const d = dec('78780a134506560b0102242b850d0a');
    expect(at(d, 'gt06.heartbeat.alarm')).toEqual([7, 8, 0x0b]);
    expect(d.attributes.power).toBeUndefined();
  });

  it('0x13 OBD6 (14 bytes) with temperature, and extended status (16 bytes) with battery level', () => {
    // Gt06ProtocolDecoderTest.java:70 and :213
    const a = dec('7878131340b2fa000201040000000000011c00400e550d0a');
    expect(at(a, 'gt06.heartbeat.temperature')).toEqual([16, 18, 284]);
    expect(a.attributes.temp1).toBe(28.4);
    const b = dec('7878151330802b00000642014f0008720000802b5ee4d4c90d0a');
    expect(at(b, 'gt06.heartbeat.battery_level')).toEqual([9, 10, 6]);
    expect(b.attributes.batteryLevel).toBe(6);
  });

  it('0x23 (GK310): battery voltage in 0.01 V, GSM, language', () => {
    // Gt06ProtocolDecoderTest.java:318
    const d = dec('78780b23c00122040001000818720d0a');
    expect(at(d, 'gt06.heartbeat.battery')).toEqual([5, 7, 0x0122]);
    expect(at(d, 'gt06.heartbeat.language16')).toEqual([8, 10, 1]);
    expect(d.attributes).toMatchObject({ battery: 2.9, rssi: 4, armed: false, blocked: true });
  });

  it('0x36 (4G heartbeat): status block and modules for battery voltage, startup status, battery level', () => {
    // Gt06ProtocolDecoderTest.java:74
    const d = dec('787817360005040002003201010018020192006a015f0324aeaf0d0a');
    expect(all(d, 'gt06.heartbeat.module_id').map((n) => n.value)).toEqual([0x32, 0x18, 0x6a]);
    expect(d.attributes).toMatchObject({ battery: 4.02, batteryLevel: 95, startupStatus: 1 });
  });

  it('0xa3 GL21L status (19 bytes): the step count', () => {
    // Gt06ProtocolDecoderTest.java:46
    const d = dec('787818a300000005321e020000000002584f000100060000008f920d0a');
    expect(at(d, 'gt06.heartbeat.steps')).toEqual([13, 17, 600]);
    expect(d.attributes.steps).toBe(600);
  });
});

describe('gt06 LBS and Wi-Fi', () => {
  it('0x28: date, MCC/MNC, seven cells, timing advance, language', () => {
    // Gt06ProtocolDecoderTest.java:191
    const d = dec('78783b2810010d02020201cc00287d001f713e287d001f7231287d001e232d287d001f4018000000000000000000000000000000000000ff00020005b14b0d0a');
    expect(at(d, 'gt06.lbs.time')).toEqual([4, 10, '2016-01-13T02:02:02.000Z']);
    expect(at(d, 'gt06.lbs.mcc')).toEqual([10, 12, 460]);
    expect(all(d, 'gt06.lbs.neighbour').map((n) => [n.start, n.end])[6]).toEqual([49, 55]);
    expect(at(d, 'gt06.lbs.language16')).toEqual([56, 58, 2]);
  });

  it('0x18 LBS extension has the same layout', () => {
    // Gt06ProtocolDecoderTest.java:462
    const d = dec('78783b18100c0f1201010195271784005ab63617840002fa47178400ff8f4817840019f3491784005ab54b178400ff8e4c17840019f24cff0002012287c80d0a');
    expect(at(d, 'gt06.lbs.mnc')).toEqual([12, 13, 0x27]);
    expect(at(d, 'gt06.lbs.ta')).toEqual([55, 56, 0xff]);
  });

  it('0x19: single cell with status; an 18-byte 0x19 starting with a date is a multi-LBS without position or answer', () => {
    // Gt06ProtocolDecoderTest.java:142 (bad CRC) and :200
    const a = dec('78781219012ed042cc00954d00040419000056fe290d0a');
    expect(at(a, 'gt06.lbs.alarm')).toEqual([15, 16, 0x19]);
    expect(a.attributes.alarm).toBe('lowBattery');
    const hex = '7878171915061810051a01f90101700d08c8f50c0000065494ae0d0a';
    const b = dec(hex);
    expect(b.positions).toEqual([]);
    expect(at(b, 'gt06.lbs.mcc')).toEqual([10, 12, 0x1f9]);
    expect(answer(hex)).toBeNull();
  });

  it('0x24 Wanway S20: timing advance first, a cell count, zero padding', () => {
    // Gt06ProtocolDecoderTest.java:188
    const d = dec('787831241603060c231e000194620213ee00606a3413ee0060692e000000000000000000000000000000000000000000003a0cb70d0a');
    expect(at(d, 'gt06.lbs.cell_count')).toEqual([14, 15, 2]);
    expect(all(d, 'gt06.lbs.neighbour')).toHaveLength(2);
    expect(at(d, 'gt06.lbs.padding')!.slice(0, 2)).toEqual([27, 48]);
  });

  it('0x2c: cells then Wi-Fi access points', () => {
    // Gt06ProtocolDecoderTest.java:387
    const d = dec('7878412c11030b011c1f013604cb8a00b17754cb8a00bef357cb8a00b73f5fcb8900b0e25fcb8900b6655fcb8a00b74960cb8a00b178620701001801eb40393800bbbde10d0a');
    expect(at(d, 'gt06.lbs.ta')).toEqual([55, 56, 7]);
    expect(at(d, 'gt06.lbs.wifi_count')).toEqual([56, 57, 1]);
    expect(at(d, 'gt06.wifi.mac')).toEqual([57, 63, '00:18:01:eb:40:39']);
    expect(at(d, 'gt06.wifi.rssi')).toEqual([63, 64, 0x38]);
  });

  it('0xa1 and 0xa2: 4G cells (4-byte LAC, 8-byte cell id), 0xa2 with access points', () => {
    // Gt06ProtocolDecoderTest.java:348 and :61
    const a = dec('78786ca1110b0413093801cc01000025fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201ff0002000541d70d0a');
    expect(all(a, 'gt06.lbs.lac')[0]!.end - all(a, 'gt06.lbs.lac')[0]!.start).toBe(4);
    expect(all(a, 'gt06.lbs.cell')[0]!.value).toBe(0x618c102);
    const b = dec('787895a2180b0f0f1d2602dc65000069810000000009569e9648000069810000000009569e3255000069810000000009569e0052000069810000000009569ec846000069810000000009569e64320000000000000000000000000000000000000000000000000000ff06f27cf64f17e13c909a4a53778c3dc83a350fa1b84522976d5ea4854854af976b9ab04cb04e26d703925102a1ce550d0a');
    expect(at(b, 'gt06.lbs.wifi_count')).toEqual([105, 106, 6]);
    expect(all(b, 'gt06.wifi.ap')).toHaveLength(6);
  });

  it('0x69 Wi-Fi without CRC: the length byte is the access-point count, the date is BCD', () => {
    // Gt06ProtocolDecoderTest.java:360
    const hex = '787800691710231108500200cc080c4e2fa5640c4e2fa66e0d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.wifi.time')).toEqual([4, 10, '2017-10-23T11:08:50.000Z']);
    expect(at(d, 'gt06.lbs.cell_count')).toEqual([10, 11, 2]);
    expect(all(d, 'gt06.lbs.cell').map((n) => n.value)).toEqual([0x2fa5, 0x2fa6]);
    expect(at(d, 'gt06.stop')).toEqual([24, 26, 0x0d0a]);
    expect(ids(d)).toEqual(['gt06.length_is_count', 'gt06.checksum_missing']);
    // The server echoes the date, also without CRC.
    expect(answer(hex)).toBe('787800691710231108500d0a');
  });

  it('0x17 Wi-Fi without CRC with eight access points', () => {
    // Gt06ProtocolDecoderTest.java:381
    const d = dec('787808171709281135331491827b75594dc8d719a9708452cad719a9708550cad719a97086521491827b75574cac9e17b308085dc8d71939633947cad71939633a480700cc0400d37a3d5a00d37a3d5a00d37a3d5a00d37a3d5a00d37a3d5a00d37a3d5a00d37a3d5a0d0a');
    expect(all(d, 'gt06.wifi.ap')).toHaveLength(8);
    expect(at(d, 'gt06.wifi.mac')).toEqual([10, 16, '14:91:82:7b:75:59']);
    expect(all(d, 'gt06.lbs.neighbour')).toHaveLength(7);
  });

  it('0x17 with a CRC is GPS + cell + RFID', () => {
    // Gt06ProtocolDecoderTest.java:93
    const d = dec('7878281718060e021831c6026e8acc0c361b1000140001cc00286d000f4dbf0000012ca7e001000004b2630d0a');
    expect(d.messageType).toBe('location rfid');
    expect(at(d, 'gt06.location.driver_id')).toEqual([30, 38, 'bf0000012ca7e001']);
    expect(at(d, 'gt06.location.validity')).toEqual([38, 39, 0]);
  });

  it('0xf3: binary date and access points behind two reserved bytes each', () => {
    // Gt06ProtocolDecoderTest.java:231
    const d = dec('787844f3140c0b0a262a070000dc9fdb1c1d760000c83a3569a37100008825937287000000ec41180c8209000088c39749553700003891d5604d6300003891d5604d68002ec4230d0a');
    expect(at(d, 'gt06.wifi.time')).toEqual([4, 10, '2020-12-11T10:38:42.000Z']);
    expect(all(d, 'gt06.wifi.ap')).toHaveLength(7);
    expect(at(d, 'gt06.wifi.mac')).toEqual([13, 19, 'dc:9f:db:1c:1d:76']);
  });

  it('0x32/0x33 (0x7979, AZ735): no GPS, LBS with length, extra cells, access points, status', () => {
    // Gt06ProtocolDecoderTest.java:402 and :396
    const hex = '7979007632110706090217000901fe0a060f006a1c2024060f0053a429060f006a1d21060f0053a720060f006f151d0000000000000000000000003844d9e7f7e1773d60e327a9e442405cf28628b9c640a42bb0fc0d0244d855a38c220a4c802aa8da7dab50b0e235ef32dd5348ee0ce77a52540000010a205a0d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.location.gps_length')).toEqual([11, 12, 0]);
    expect(d.positions).toEqual([]);
    expect(at(d, 'gt06.location.cells_length')).toEqual([22, 23, 36]);
    expect(all(d, 'gt06.lbs.neighbour')).toHaveLength(6);
    expect(all(d, 'gt06.wifi.ap')).toHaveLength(8);
    expect(answer(hex)).toBe(toHex(ack(0x32, 0x010a, true)));
    const alarm = '797900143311070609020b00000000a0030046000109e4610d0a';
    expect(dec(alarm).attributes).toMatchObject({ status: 0xa0, armed: true });
    expect(answer(alarm)).toBe('797900053301094cf30d0a');
  });
});

describe('gt06 strings, commands, information', () => {
  it('0x15: ICCID answer and plain result text', () => {
    // Gt06ProtocolDecoderTest.java:217 and :474
    const d = dec('7878281520000000003c49434349443a38393838323339303030303039373330323635303e00020d446f260d0a');
    expect(at(d, 'gt06.string.text')).toEqual([9, 37, '<ICCID:89882390000097302650>']);
    expect(at(d, 'gt06.string.language')).toEqual([37, 39, 2]);
    expect(d.attributes.iccid).toBe('89882390000097302650');
    expect(dec('787829152100000000526573746f7265206675656c20737570706c793a2053756363657373210002014077ce0d0a').attributes.result).toBe('Restore fuel supply: Success!');
  });

  it('0x81: command text and language, no answer', () => {
    // Gt06ProtocolDecoderTest.java:517
    const hex = '78788b818300000000534545464e2626004f04220045042626262b37393035343031353534362626262626260410041b0415041a04210415041926262b373930363433333031313526260410043d044f26262b373936303437383430363426260412043e0432043026262b373932383834373738383126262626262626262626262626262626232300020022155d0d0a';
    const d = dec(hex);
    expect(at(d, 'gt06.command.length')).toEqual([4, 5, 0x83]);
    expect(at(d, 'gt06.command.text')!.slice(0, 2)).toEqual([9, 136]);
    expect(at(d, 'gt06.command.language')).toEqual([136, 138, 2]);
    expect(answer(hex)).toBeNull();
  });

  it('0x94 sub-types: power, status text, door, ICCID, fuel sensor, RFID', () => {
    // Gt06ProtocolDecoderTest.java:309, :135, :169, :297, :447, :252
    expect(dec('79790008940000ed0289d6860d0a').attributes.power).toBe(2.37);
    const s = dec('797900849404414c4d313d43353b414c4d323d43433b414c4d333d35433b535441313d43303b4459443d30313b534f533d303133323838333730302c2c3b43454e5445523d303133323838333730303b46454e43453d46656e63652c4f46462c302c302e3030303030302c302e3030303030302c3330302c494e206f72204f55542c313b00b79d120d0a');
    expect(all(s, 'gt06.info.pair').map((n) => n.value).slice(0, 2)).toEqual(['ALM1=C5', 'ALM2=CC']);
    expect(s.attributes).toMatchObject({ alarm1Status: 0xc5, otherStatus: 0xc0, engineStatus: 1 });
    const door = dec('7979000d940516090908081c030defbd2d0d0a');
    expect(at(door, 'gt06.info.door_flags')).toEqual([12, 13, 3]);
    expect(door.attributes.door).toBe(true);
    const iccid = dec('79790020940a035985708053908307060104900402788950301217070401538f0003e8210d0a');
    expect(at(iccid, 'gt06.info.iccid')).toEqual([22, 32, '8950301217070401538']);
    const fuel = dec('7979003f940d110315102a202141494f494c2c30322c3030382e3239302c3032392e3630302c3531394a2c303430302c3030382e3433302c302c30302c4142001678ea0d0a');
    expect(fuel.attributes).toMatchObject({ temp1: 29.6, fuel: 8.43 });
    const rfid = dec('7979000e941b02084277efef350303eadaed0d0a');
    expect(at(rfid, 'gt06.info.rfid')).toEqual([8, 12, '4277efef']);
    expect(rfid.attributes.driverUniqueId).toBe('4277efef');
  });

  it('0x9b: serial data as result text', () => {
    // Gt06ProtocolDecoderTest.java:123
    const d = dec('797900109b0344373532304136320d0a000f87f00d0a');
    expect(at(d, 'gt06.serial_data.text')).toEqual([6, 16, 'D7520A62\r\n']);
    expect(d.attributes.result).toBe('D7520A62');
  });

  it('0x8c OBD: one node per PID=value pair, VIN and scaled values', () => {
    // Gt06ProtocolDecoderTest.java:294
    const d = dec('797900de8c120b1502121b013137333d302c3232333d312c3238333d30303030303030302c3436333d30303030303035362c3437333d30303030303030662c3438333d30303030303031312c3242333d30303030303030302c3244333d30303030313839632c3335333d30303030313661382c3336333d30303032386163382c3339333d30303030303230612c3330333d30303030303561612c3439333d30303030303030302c3441333d4b4e4146323431434d4b353031343235352c3341333d30303030303338352c3530333d30303030c0041df0940f89c06700000000c800910d0a');
    expect(at(d, 'gt06.obd.pair')).toEqual([12, 17, '173=0']);
    expect(d.attributes).toMatchObject({ ignition: true, vin: 'KNAF241CMK5014255', rpm: 1666 });
  });

  it('0x70 modules: GPS with altitude, ICCID, battery, event and a BLE tag temperature', () => {
    // Gt06ProtocolDecoderTest.java:270 and :32
    const hex = '797900a87000000001020035000101003300125d7e3a180600d504b598f708814b3a001d1500340006125d7e39dc000011000a012e02620000000000000001000803537601000129800002000803102608593397620003000a89012608522933976266001800020172002b000114002c00045d7df3c70009000106000a000109002800010d002e00040000f25d002a000111002900040000017e0030000a000100b4000a00b402d0000591250d0a';
    const d = dec(hex);
    expect(d.positions[0]).toMatchObject({ time: '2019-09-15T13:18:16.000Z', altitude: 213, satellites: 6, lat: 43.894466, lon: -79.27285 });
    expect(at(d, 'gt06.modular.record_time')).toEqual([42, 46, '2019-09-15T13:17:16.000Z']);
    expect(d.attributes).toMatchObject({ alarm: 'removing', iccid: '89012608522933976266', battery: 3.7, odometer: 0xf25d });
    expect(answer(hex)).toBe('78780570000545fc0d0a'); // acknowledged in the 0x7878 form
    const tag = dec('7979001f70002c00046919c641007f000ec4a82841074a7fff64012201dc071ea430360d0a');
    expect(at(tag, 'gt06.modular.tag_id')).toEqual([17, 23, 'c4a82841074a']);
    expect(at(tag, 'gt06.modular.tag_temp')).toEqual([26, 28, 290]);
    expect(tag.attributes.tag1Temp).toBe(29);
  });

  it('0xf1: Unix time and tagged values, tag 5 is the power voltage; 0xf2 keeps its values raw', () => {
    // Gt06ProtocolDecoderTest.java:20 and :64
    const d = dec('79790026f16318c0000001010100020101000301000004010100050201950006010010000100008021af0d0a');
    expect(at(d, 'gt06.tlv.time')).toEqual([5, 9, '2022-09-07T16:00:00.000Z']);
    expect(at(d, 'gt06.tlv.power')).toEqual([28, 30, 0x195]);
    expect(d.attributes.power).toBe(4.05);
    const p = dec('79790016f26718e430000c0a470000000010020000000024bff50d0a');
    expect(at(p, 'gt06.tlv.value')).toEqual([12, 22, '47000000001002000000']);
  });
});

describe('gt06 requests and their answers', () => {
  afterEach(() => vi.useRealTimers());

  it('0x8a time request gets the UTC time with the request serial (JM-VL03 manual example)', () => {
    // Gt06ProtocolDecoderTest.java:550; the manual answers 7878058A000688290D0A with 78780B8A0F0C1D0000150006F0860D0A
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2015-12-29T00:00:21Z'));
    const d = dec('7878058a000688290d0a');
    expect(d.messageType).toBe('time request');
    expect(answer('7878058a000688290d0a')).toBe('78780b8a0f0c1d0000150006f0860d0a');
    expect(toHex(timeResponse(6, new Date('2015-12-29T00:00:21Z')))).toBe('78780b8a0f0c1d0000150006f0860d0a');
  });

  it('decodes the server time answer', () => {
    const d = gt06.decode(fromHex('78780b8a0f0c1d0000150006f0860d0a'), { transport: 'tcp', direction: 'down' });
    expect(d.messageType).toBe('time response');
    expect(at(d, 'gt06.time.time')).toEqual([4, 10, '2015-12-29T00:00:21.000Z']);
  });

  it('0x2a address request: GPS and phone number, no position; the answer is the empty 0x97 address', () => {
    // Gt06ProtocolDecoderTest.java:547
    const hex = '78782e2a0f0c1d071139ca027ac8000c4658000014d83132353230313335333231373730373900000000000001002a6ece0d0a';
    const d = dec(hex);
    expect(d.positions).toEqual([]);
    expect(at(d, 'gt06.location.phone')).toEqual([22, 43, '1252013532177079']);
    expect(answer(hex)).toBe('79790015970b000000004e4126264e4126263023230000e61e0d0a');
  });

  it('0x35 photo information: no position; the answer asks for the first 1024 bytes of the picture', () => {
    // Gt06ProtocolDecoderTest.java:417
    const hex = '78781f3511061a0b24330503107d06084889cb01000100000cfa20e3acd301333fcb0d0a';
    const d = dec(hex);
    expect(d.positions).toEqual([]);
    expect(at(d, 'gt06.photo.id')).toEqual([26, 30, 0x20e3acd3]);
    expect(answer(hex)).toBe('78780f3620e3acd3000000000400000002ba0d0a');
  });

  it('unknown 0x7878 types are named raw nodes and acknowledged like the reference server does', () => {
    // Gt06ProtocolDecoderTest.java:529
    const hex = '78780d1f000000000000000200b196a20d0a';
    const d = dec(hex);
    expect(d.messageType).toBe('type 0x1f');
    expect(at(d, 'gt06.body')).toEqual([4, 12, '0000000000000002']);
    expect(ids(d)).toEqual(['gt06.unknown_type', 'gt06.body_not_decoded']);
    expect(answer(hex)).toBe(toHex(ack(0x1f, 0xb1)));
  });

  it('a bare frame (type and stop bits only) carries no CRC and gets no answer', () => {
    // Gt06ProtocolDecoderTest.java:544
    const d = dec('787801080d0a');
    expect(at(d, 'gt06.stop')).toEqual([4, 6, 0x0d0a]);
    expect(ids(d)).toContain('gt06.checksum_missing');
    expect(answer('787801080d0a')).toBeNull();
  });

  it('a server acknowledgement decodes as such in the downlink direction and is not answered', () => {
    const a = ack(0x13, 4);
    const d = gt06.decode(a, { transport: 'tcp', direction: 'down' });
    expect(d.messageType).toBe('heartbeat ack');
    expect(d.issues).toEqual([]);
    expect(gt06.respond(a, d)).toBeNull();
  });

  it('the server answers decode as such in the downlink direction', () => {
    const down = (hex: string) => gt06.decode(fromHex(hex), { transport: 'tcp', direction: 'down' });
    const echo = down('787800691710231108500d0a');
    expect(echo.messageType).toBe('wifi ack');
    expect(at(echo, 'gt06.wifi.time')).toEqual([4, 10, '2017-10-23T11:08:50.000Z']);
    expect(echo.issues).toEqual([]);
    const photo = down('78780f3620e3acd3000000000400000002ba0d0a');
    expect(photo.messageType).toBe('photo request');
    expect(at(photo, 'gt06.photo.length')).toEqual([12, 14, 1024]);
    expect(photo.issues).toEqual([]);
    const address = down('79790015970b000000004e4126264e4126263023230000e61e0d0a');
    expect(address.messageType).toBe('address response');
    expect(at(address, 'gt06.command.text')).toEqual([10, 21, 'NA&&NA&&0##']);
    expect(address.issues).toEqual([]);
  });

  it('0x7979 frames: types the reference server ignores get no answer', () => {
    expect(answer('79790016f26718e430000c0a470000000010020000000024bff50d0a')).toBeNull(); // 0xf2
    expect(answer('797900109b0344373532304136320d0a000f87f00d0a')).toBeNull(); // 0x9b
  });
});

describe('gt06 bad input is data', () => {
  it('flags a bad CRC and still decodes the fields', () => {
    const f = fromHex('78780d01012345678901234500018cde0d0a');
    const d = gt06.decode(f);
    expect(d.deviceId).toBe('123456789012345');
    expect(d.issues.map((i) => i.id)).toContain('gt06.checksum_incorrect');
  });
  it('keeps the fields of a truncated frame and marks it', () => {
    const f = fromHex('78781f120f0a140e150bc505e5');
    const d = gt06.decode(f);
    expect(d.issues.some((i) => i.group === 'malformed')).toBe(true);
    expect(findNode(d.tree, 'gt06.type')!.value).toBe(0x12);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
  });
  it('shows an unknown type as a named raw node', () => {
    const f = fromHex('78780a7f0102030400019a1b0d0a');
    const d = gt06.decode(f);
    expect(d.messageType).toBe('type 0x7f');
    expect(findNode(d.tree, 'gt06.body')!.value).toBe('01020304');
    expect(d.issues.map((i) => i.id)).toContain('gt06.unknown_type');
  });
  it('three frames glued into one input: the tail is shown as glued frames and the final CRC does not cover the whole', () => {
    // Gt06ProtocolDecoderTest.java:514: three 0xfd firmware-version frames in one decoder input
    const one = '7979005bfd0358899050927725004c0020bf984358df603b2ea3a339e54335013a5b56455253494f4e5d47543036445f32305f3630444d325f423235455f5631355f574d5b4255494c445d323031332f31322f32382031353a3234';
    const hex = `${one}002a3b240d0a${one}002d4f9b0d0a${one}003084ff0d0a`;
    const d = dec(hex);
    expect(at(d, 'gt06.version.text')).toEqual([33, 91, '[VERSION]GT06D_20_60DM2_B25E_V15_WM[BUILD]2013/12/28 15:24']);
    expect(at(d, 'gt06.glued')!.slice(0, 2)).toEqual([91, 285]);
    expect(ids(d)).toEqual(expect.arrayContaining(['gt06.length_mismatch', 'gt06.glued_frames', 'gt06.checksum_incorrect']));
    expect(d.issues.find((i) => i.id === 'gt06.glued_frames')!.message).toContain("first frame's own CRC is ok");
    expect(gt06.split(fromHex(hex)).frames).toEqual([{ start: 0, end: 97 }, { start: 97, end: 194 }, { start: 194, end: 291 }]);
  });
});

describe('gt06 corpus', () => {
  it.each(decoderFrames.map((f) => [f.source, f] as const))('%s decodes without throwing, ranges inside the frame, checksum flagged as the corpus says', (_s, f) => {
    const bytes = fromHex(f.hex);
    const d = gt06.decode(bytes);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
      expect(n.start).toBeLessThanOrEqual(n.end);
    }
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    // Frames without CRC by design (Wi-Fi 0x17/0x69) carry gt06.checksum_missing rather than _incorrect.
    if (f.checksum) expect(d.issues.some((i) => i.group === 'checksum')).toBe(!f.checksum.ok);
    if (f.expect.lat !== undefined) {
      expect(d.positions[0]!.time).toBe(f.expect.time);
      expect(d.positions[0]!.valid).toBe(f.expect.valid);
      expect(Math.abs(d.positions[0]!.lat - f.expect.lat)).toBeLessThan(1e-5);
      expect(Math.abs(d.positions[0]!.lon - f.expect.lon!)).toBeLessThan(1e-5);
    }
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    const top = detect(bytes, { transport: 'tcp' }, PROTOCOLS)[0];
    expect(top?.protocol).toBe('gt06');
  });

  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: the splitter cuts the expected frame', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = gt06.split(bytes);
    expect(toHex(bytes.subarray(r.frames[0]!.start, r.frames[0]!.end))).toBe(f.expect.frame);
  });
});

describe('gt06 splitter', () => {
  const login = '78780d01012345678901234500018cdd0d0a';
  const loc = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';
  const wifi = '787800691710231108500200cc080c4e2fa5640c4e2fa66e0d0a';
  it('waits for the rest of a frame split across chunks', () => {
    const b = fromHex(loc.slice(0, 30));
    expect(gt06.split(b)).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('cuts two frames from one chunk', () => {
    const b = fromHex(login + loc);
    const r = gt06.split(b);
    expect(r.frames).toEqual([{ start: 0, end: 18 }, { start: 18, end: 18 + 36 }]);
    expect(r.consumed).toBe(b.length);
  });
  it('resynchronises after garbage and reports it', () => {
    const b = fromHex('deadbeef' + login);
    const r = gt06.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 4 }]);
    expect(r.frames).toEqual([{ start: 4, end: 22 }]);
  });
  it('cuts a Wi-Fi frame without CRC by its structure, and waits while it is incomplete', () => {
    const b = fromHex(wifi + login);
    expect(gt06.split(b).frames).toEqual([{ start: 0, end: 26 }, { start: 26, end: 44 }]);
    expect(gt06.split(fromHex(wifi.slice(0, 40)))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });
  it('does not hold back a 0x17 frame whose length field and CRC hold', () => {
    // Gt06ProtocolDecoderTest.java:93
    const rfid = '7878281718060e021831c6026e8acc0c361b1000140001cc00286d000f4dbf0000012ca7e001000004b2630d0a';
    expect(gt06.split(fromHex(rfid)).frames).toEqual([{ start: 0, end: 45 }]);
  });
});

describe('gt06 detection', () => {
  it('gives no candidate for bytes of no known layout', () => {
    expect(detect(fromHex('0102030405060708090a'), { transport: 'tcp' }, PROTOCOLS)).toEqual([]);
  });
  it('explains its score with evidence', () => {
    const [c] = detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['header 7878', 'CRC-16/X-25 ok']));
  });
  it('scores a 7878 header with a bad CRC and no terminator lower', () => {
    const good = detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' }, PROTOCOLS)[0]!.score;
    const bad = detect(fromHex('78780d01012345678901234500018cde0d0b'), { transport: 'tcp' }, PROTOCOLS)[0]?.score ?? 0;
    expect(bad).toBeLessThan(good);
  });
  it('recognises the Wi-Fi layout without CRC', () => {
    const [c] = detect(fromHex('787800691710231108500200cc080c4e2fa5640c4e2fa66e0d0a'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('gt06');
    expect(c!.evidence.map((e) => e.text)).toContain('Wi-Fi layout (0x69) fits the frame exactly, no CRC by design');
  });
});
