import { describe, expect, it } from 'vitest';
import { gl200 } from '../../../parsers/gl200';
import { crc16CcittFalse, crc8Nrsc5 } from '../../../parsers/core/checksum';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame, FieldNode } from '../../../parsers/core/types';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { walk } from '../../helpers/tree';
import { coverageGaps } from '../../corpus/evaluate';

const corpus = loadCorpus('gl200');

/** ASCII sentences are written as text: the bytes are their ISO-8859-1 codes. */
const txt = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = (b: Uint8Array, deviceId?: string): DecodedFrame => gl200.decode(b, { transport: 'tcp', direction: 'up', deviceId });
const decT = (s: string) => dec(txt(s));
const decH = (hex: string) => dec(fromHex(hex));
/** [start, end, value] of the first node with this id. */
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};
const all = (d: DecodedFrame, id: string): FieldNode[] => [...walk(d.tree)].filter((n) => n.id === id);
const ids = (d: DecodedFrame) => d.issues.map((i) => i.id);
const answer = (b: Uint8Array) => {
  const r = gl200.respond(b, dec(b));
  return r ? String.fromCharCode(...r) : null;
};

describe('gl200 checksums', () => {
  it('CRC-16/CCITT-FALSE and CRC-8 (poly 0x31, init 0xFF) give the catalogue check values', () => {
    expect(crc16CcittFalse(txt('123456789'))).toBe(0x29b1);
    expect(crc8Nrsc5(txt('123456789'))).toBe(0xf7);
  });
});

describe('gl200 GTFRI (fixed report)', () => {
  // Gl200TextProtocolDecoderTest.java:462 (GV300, protocol version 060228)
  const s = '+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$';
  const d = decT(s);

  it('names header, protocol version, IMEI, report type and count', () => {
    expect(d.messageType).toBe('fixed report');
    expect(d.messageCode).toBe('GTFRI');
    expect(d.deviceId).toBe('862894020180553');
    expect(at(d, 'gl200.header')).toEqual([1, 5, 'RESP']);
    expect(at(d, 'gl200.message')).toEqual([6, 11, 'GTFRI']);
    expect(at(d, 'gl200.protocol_version')).toEqual([12, 18, '060228']);
    expect(findNode(d.tree, 'gl200.protocol_version')!.display).toContain('GV300');
    expect(at(d, 'gl200.imei')).toEqual([19, 34, '862894020180553']);
    expect(at(d, 'gl200.report_type')).toEqual([37, 39, '10']);
    expect(at(d, 'gl200.number')).toEqual([40, 41, 1]);
    expect(at(d, 'gl200.send_time')).toEqual([140, 154, '2016-03-09T07:35:54.000Z']);
    expect(at(d, 'gl200.count')).toEqual([155, 159, '132B']);
    expect(at(d, 'gl200.delimiter')).toEqual([159, 160, '$']);
  });

  it('reads the position block: accuracy, speed km/h → knots, azimuth, altitude, lon, lat, UTC, cell', () => {
    const block = findNode(d.tree, 'gl200.position.block')!;
    expect([block.start, block.end]).toEqual([42, 118]);
    expect(at(d, 'gl200.position.speed')).toEqual([44, 48, 20]);
    expect(at(d, 'gl200.position.longitude')).toEqual([59, 69, -62.899703]);
    expect(at(d, 'gl200.position.time')).toEqual([81, 95, '2016-03-09T11:35:48.000Z']);
    expect(at(d, 'gl200.position.mcc')).toEqual([96, 100, '0736']);
    expect(at(d, 'gl200.position.cell')).toEqual([111, 115, '3381']);
    expect(d.positions).toEqual([{ time: '2016-03-09T11:35:48.000Z', valid: true, lat: -17.720434, lon: -62.899703, speedKnots: 10.799136, course: 147, altitude: 329.7 }]);
  });

  it('names the tail: mileage, battery, device status with its motion/input/output bytes', () => {
    expect(at(d, 'gl200.odometer')).toEqual([119, 124, 913.3]);
    expect(at(d, 'gl200.device_status')).toEqual([130, 136, '220101']);
    expect(findNode(d.tree, 'gl200.device_status.motion')!.display).toBe('ignition on, motion');
    expect(d.attributes).toMatchObject({ odometer: 913300, batteryLevel: 0, ignition: true, input: 1, in1: false, output: 1, out1: true, type: 'FRI' });
  });

  it('covers every byte and has no issue', () => {
    expect(coverageGaps(d.tree, txt(s))).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('answers +SACK:<count>$ with the count exactly as sent', () => {
    expect(answer(txt(s))).toBe('+SACK:132B$');
  });
});

describe('gl200 GTFRI variants', () => {
  it('four positions in one report (GL300), each with its own mileage field (Gl200TextProtocolDecoderTest.java:234)', () => {
    const d = decT('+RESP:GTFRI,1A0900,860599000306845,G3-313,0,0,4,1,2.1,0,426.7,8.611466,47.681639,20181214134603,0228,0001,077F,4812,25.2,1,5.7,34,437.3,8.611600,47.681846,20181214134619,0228,0001,077F,4812,25.2,1,4.4,62,438.2,8.611893,47.681983,20181214134633,0228,0001,077F,4812,25.2,1,4.8,78,436.6,8.612236,47.682040,20181214134648,0228,0001,077F,4812,25.2,83,20181214134702,0654$');
    expect(d.positions.map((p) => p.time)).toEqual(['2018-12-14T13:46:03.000Z', '2018-12-14T13:46:19.000Z', '2018-12-14T13:46:33.000Z', '2018-12-14T13:46:48.000Z']);
    const blocks = all(d, 'gl200.position.block');
    expect(blocks.map((b) => b.label)).toEqual(['Position 1 of 4', 'Position 2 of 4', 'Position 3 of 4', 'Position 4 of 4']);
    expect(all(d, 'gl200.position.odometer').map((n) => n.value)).toEqual([25.2, 25.2, 25.2, 25.2]);
    expect(at(d, 'gl200.battery_level')).toEqual([343, 345, 83]);
    expect(d.attributes.batteryLevel).toBe(83);
  });

  it('buffered report: +BUFF: keeps the layout, is acknowledged with its own count (Gl200TextProtocolDecoderTest.java:465)', () => {
    const b = txt('+BUFF:GTFRI,060402,862894021808798,,,10,1,1,0.0,349,394.3,-63.287717,-17.662410,20160116234031,0736,0003,6ABA,8305,00,3326.8,,,,94,220100,,,,20160116194035,4D83$');
    const d = dec(b);
    expect(d.messageType).toBe('fixed report (buffered)');
    expect(at(d, 'gl200.header')).toEqual([1, 5, 'BUFF']);
    expect(d.positions).toHaveLength(1);
    expect(answer(b)).toBe('+SACK:4D83$');
  });

  it('GL500M: the block carries CSQ RSSI and BER; battery, mode and movement follow (Gl200TextProtocolDecoderTest.java:204)', () => {
    const s = '+RESP:GTFRI,DE0114,865284041308986,,0,0,1,0,0.0,0,245.6,-117.678624,34.032081,20200825030332,0311,0480,3304,00C7F601,24,0,,85,1,1,,20200825030738,03B1$';
    const d = decT(s);
    expect(at(d, 'gl200.position.rssi')).toEqual([117, 119, 24]);
    expect(at(d, 'gl200.position.ber')).toEqual([120, 121, 0]);
    expect(at(d, 'gl200.battery_level')).toEqual([123, 125, 85]);
    expect(d.attributes).toMatchObject({ batteryLevel: 85, motion: true });
    // Accuracy 0: the fix failed and the last known position is reported.
    expect(d.positions[0]!.valid).toBe(false);
  });

  it('a position append mask announces satellites and the trigger type (Gl200TextProtocolDecoderTest.java:108)', () => {
    const d = decT('+RESP:GTERI,6E0A03,868589060076166,,00000100,,10,1,1,0.1,0,1510.4,-90.544955,14.584449,20250228072652,0704,0001,13A7,000B60AB,01,10,0.0,,,F0,,100,210100,0,1,00,6,5,,283F,SENTEMP1,7805412CF2DD,0,,,,,,20250228072654,3F94$');
    expect(at(d, 'gl200.position.append_mask')).toEqual([126, 128, '01']);
    expect(at(d, 'gl200.position.satellites')).toEqual([129, 131, 10]);
    expect(d.positions[0]!.satellites).toBe(10);
    expect(d.attributes).toMatchObject({ sat: 10, tag1Id: '7805412CF2DD', fuel2: 0 });
    expect(findNode(d.tree, 'gl200.ble_name')!.value).toBe('SENTEMP1');
  });

  it('no coordinates on the wire: the empty block is shown, no position is invented (Gl200TextProtocolDecoderTest.java:369)', () => {
    const s = '+RESP:GTFRI,210102,354524044925825,,1,1,1,,,,,,,,310,410,51bc,ca1dae6,10800,1,20170318214333,0002$';
    const d = decT(s);
    expect(d.positions).toEqual([]);
    expect(at(d, 'gl200.position.lac')).toEqual([s.indexOf('51bc'), s.indexOf('51bc') + 4, '51bc']);
    expect(coverageGaps(d.tree, txt(s))).toEqual([]);
  });

  it('speed, azimuth and altitude left empty still give the fix (Gl200TextProtocolDecoderTest.java:507, no $ in the test)', () => {
    const d = decT('+RESP:GTFRI,1A0200,860599000165464,CRI001,0,0,1,2,,41,,-71.153137,42.301634,20150328020301,,,,,280.3,55,20150327220351,320C$');
    expect(d.positions).toEqual([{ time: '2015-03-28T02:03:01.000Z', valid: true, lat: 42.301634, lon: -71.153137, course: 41 }]);
  });
});

describe('gl200 GTERI (extended report)', () => {
  it('1-Wire temperature: int16 × 0.0625 °C (Gl200TextProtocolDecoderTest.java:171)', () => {
    const s = '+RESP:GTERI,271002,863457051562823,,00000002,,10,1,1,0.0,15,28.2,-58.695253,-34.625413,20230119193305,0722,0007,1168,16B3BB,00,0.0,,,,99,210100,2,1,28F8A149F69A3C25,1,0190,20230119193314,07C7$';
    const d = decT(s);
    expect(at(d, 'gl200.eri_mask')).toEqual([36, 44, '00000002']);
    expect(findNode(d.tree, 'gl200.eri_mask.one_wire')!.value).toBe(1);
    expect(at(d, 'gl200.one_wire_id')).toEqual([s.indexOf('28F8'), s.indexOf('28F8') + 16, '28F8A149F69A3C25']);
    expect(at(d, 'gl200.one_wire_data')).toEqual([s.indexOf('0190'), s.indexOf('0190') + 4, '0190']);
    expect(d.attributes).toMatchObject({ temp1: 25, batteryLevel: 99 });
  });

  it('GV350M digital fuel sensor: the value is hex (01DF = 479) (Gl200TextProtocolDecoderTest.java:50)', () => {
    const d = decT('+RESP:GTERI,F10415,862599050680717,GV350M,00000001,,50,1,1,0.0,274,2963.1,-78.691767,-0.951295,20250512214226,,,,,,0.0,,,100,210100,,1,1,1,01DF,20250512214226,009D$');
    expect(d.attributes.fuel).toBe(479);
    expect(findNode(d.tree, 'gl200.fuel_value')!.value).toBe('01DF');
    expect(d.attributes.batteryLevel).toBe(100);
  });

  it('GV355CEU with CAN data: the CAN block is named by its own report mask (Gl200TextProtocolDecoderTest.java:108)', () => {
    const s = '+RESP:GTERI,8020050704,867488060246195,,00000004,28823,10,1,1,0.0,33,10.1,10.606120,43.656780,20240408084402,0222,0010,7D53,00DD120D,02,0,0.0,,,,,100,210100,0,1,FFFFF,YS2R4X20009288827,2,H1910197,58234.30,500,1,90,H1.5,P84.00,,0,4616.20,2.28,2.16,5.64,5358,1038,0010,00,00,20240408084403,1809$';
    const d = decT(s);
    expect(findNode(d.tree, 'gl200.protocol_version')!.display).toContain('GV355CEU');
    expect(at(d, 'gl200.position.trigger_type')).toEqual([136, 137, 0]);
    expect(at(d, 'gl200.battery_level')).toEqual([146, 149, 100]);
    const can = findNode(d.tree, 'gl200.can_data')!;
    expect([can.start, can.end]).toEqual([159, 272]);
    expect(at(d, 'gl200.can.vin')).toEqual([167, 184, 'YS2R4X20009288827']);
    expect(d.attributes).toMatchObject({ batteryLevel: 100, power: 28.823, vin: 'YS2R4X20009288827', rpm: 500, obdOdometer: 191019700, fuel: 84 });
  });
});

describe('gl200 ignition, alarm and state reports', () => {
  it('GTVGN: duration, position, hour meter, mileage; ignition on (Gl200TextProtocolDecoderTest.java:112)', () => {
    const d = decT('+RESP:GTVGN,C2010D,869653060009939,GV600M,453966,0,0.0,0,163.9,10.239379,45.931389,20231210233723,0222,0010,2F31,006D7621,,,0.0,20240107182623,143F$');
    expect(at(d, 'gl200.duration')).toEqual([42, 48, 453966]);
    expect(d.attributes).toMatchObject({ ignition: true, odometer: 0 });
    expect(d.positions).toHaveLength(1);
  });

  it('GTIGF: ignition off (Gl200TextProtocolDecoderTest.java:116)', () => {
    const d = decT('+RESP:GTIGF,8020050502,867488060278727,,509,1,0.0,184,32.6,14.003446,42.654554,20240219124629,0222,0001,0FAD,0497F715,00,,0.0,20240219124630,FD2F$');
    expect(d.attributes.ignition).toBe(false);
    expect(d.positions[0]!.lat).toBe(42.654554);
  });

  it('CV200 GTIGN: two extra leading fields and a second time before the send time (Gl200TextProtocolDecoderTest.java:33)', () => {
    const s = '+RESP:GTIGN,BD0221,861778061565387,CV200,,0,140944,0,0.0,358,17.6,-2.223488,51.882342,20251222020123,0234,0015,6093,000F830E,,,5810.9,20251222070035,20251222070035,C60E$';
    const d = decT(s);
    expect(at(d, 'gl200.report_type')).toEqual([42, 43, '0']);
    expect(at(d, 'gl200.duration')).toEqual([44, 50, 140944]);
    expect(at(d, 'gl200.odometer')).toEqual([s.indexOf('5810.9'), s.indexOf('5810.9') + 6, 5810.9]);
    expect(at(d, 'gl200.event_time')![2]).toBe('2025-12-22T07:00:35.000Z');
    expect(d.attributes.ignition).toBe(true);
  });

  it('GTSOS raises the sos alarm (Gl200TextProtocolDecoderTest.java:23)', () => {
    const d = decT('+RESP:GTSOS,DF0200,868487004358800,cv100,,00,1,1,0.0,0,138.0,114.015465,22.537372,20210714115224,0460,0001,25F8,061A7D02,,,20210714195224,20210714195224,03A6$');
    expect(d.attributes.alarm).toBe('sos');
    expect(d.positions).toHaveLength(1);
  });

  it('GTPNA: power on, no position in the frame (Gl200TextProtocolDecoderTest.java:46)', () => {
    const s = '+RESP:GTPNA,710402,867292060140006,,2,20250516120427,0121$';
    const d = decT(s);
    expect(d.attributes.alarm).toBe('powerOn');
    expect(d.positions).toEqual([]);
    expect(at(d, 'gl200.pna.field4')).toEqual([36, 37, 2]);
    expect(coverageGaps(d.tree, txt(s))).toEqual([]);
  });

  it('GTLSW: the light sensor state becomes in1 (Gl200TextProtocolDecoderTest.java:267)', () => {
    const d = decT('+RESP:GTLSW,300500,860599002636595,,0,1,0,0.0,0,2886.5,-78.467145,-0.165335,20180518221818,,,,,,20180518221819,B6FF$');
    expect(at(d, 'gl200.input_state')).toEqual([38, 39, 1]);
    expect(d.attributes.in1).toBe(true);
  });

  it('GTIDA: the RFID before the position is the driver id (Gl200TextProtocolDecoderTest.java:453)', () => {
    const d = decT('+RESP:GTIDA,060228,862894020178276,,,01C68011010000C7,1,1,0,0.0,0,413.0,-63.169675,-17.776349,20160317222129,0736,0003,6AD4,32CF,00,34.9,,,,,20160317182130,1626$');
    expect(at(d, 'gl200.rfid')).toEqual([37, 53, '01C68011010000C7']);
    expect(d.attributes).toMatchObject({ driverUniqueId: '01C68011010000C7', odometer: 34900 });
  });
});

describe('gl200 CAN, OBD and information reports', () => {
  it('GTCAN: fields by report mask bit, expansion mask, then the GNSS block (Gl200TextProtocolDecoderTest.java:240)', () => {
    const d = decT('+RESP:GTCAN,270703,867162025056839,gv300w,0,1,E07FFFFF,,2,H9307659,368713.50,1291,90,91,,P82.40,,61,10.10,6.76,3.34,524.08,,,0000,,00,,,007FFFFF,,,,,,,,,,,,,,,,,,,,,0000,2,0,,,0,88.6,104,117.6,-116.886007,32.543697,20181031202959,0334,0020,5234,7FCC3D0,00,20181031203002,9F50$');
    expect(at(d, 'gl200.can_mask')).toEqual([46, 54, 'E07FFFFF']);
    expect(at(d, 'gl200.can.rpm')).toEqual([77, 81, 1291]);
    expect(at(d, 'gl200.can.speed')).toEqual([82, 84, 90]);
    expect(at(d, 'gl200.can_mask_ext')).toEqual([136, 144, '007FFFFF']);
    expect(d.attributes).toMatchObject({ ignition: true, rpm: 1291, obdSpeed: 90, coolantTemp: 91, fuel: 82.4, hours: 36360000 });
    expect(d.positions[0]!.lat).toBe(32.543697);
  });

  it('GTOBD: VIN before the device name, fields by OBD mask, GNSS + cell + mileage blocks (Gl200TextProtocolDecoderTest.java:312)', () => {
    const d = decT('+RESP:GTOBD,360701,864251020253807,LSGTC58UX7Y067312,GV500,0,70FFFF,LSGTC58UX7Y067312,1,12309,983A8140,0,0,33,nan,,0,0,0,,10,0,,0,4.4,0,83.7,36.235142,49.967324,20170829112348,0255,0001,2760,9017,00,690.1,20170829112400,3456$');
    expect(at(d, 'gl200.vin')).toEqual([35, 52, 'LSGTC58UX7Y067312']);
    expect(at(d, 'gl200.device_name')).toEqual([53, 58, 'GV500']);
    expect(at(d, 'gl200.obd.coolant_temp')).toEqual([107, 109, 33]);
    expect(at(d, 'gl200.odometer')).toEqual([199, 204, 690.1]);
    expect(d.attributes).toMatchObject({ vin: 'LSGTC58UX7Y067312', coolantTemp: 33, throttle: 10, odometer: 690100 });
    expect(d.positions).toHaveLength(1);
  });

  it('GTINF: state, ICCID, signal, power and battery; the fields after them are numbered (Gl200TextProtocolDecoderTest.java:190)', () => {
    const s = '+RESP:GTINF,DC0103,865284049247079,gv600mg,21,89883070000007211665,22,0,11,12913,12917,4.26,0,1,,,20210216154607,1,79,,01,00,,,20210216104606,1EBE$';
    const d = decT(s);
    expect(at(d, 'gl200.iccid')).toEqual([46, 66, '89883070000007211665']);
    expect(d.attributes).toMatchObject({ ignition: true, motion: false, rssi: 22, power: 12.913, power2: 12.917, battery: 4.26 });
    expect(at(d, 'gl200.inf.field16')).toEqual([98, 112, '2021-02-16T15:46:07.000Z']);
    expect(d.positions).toEqual([]);
  });

  it('GTGSM: six-field cells, no position (Gl200TextProtocolDecoderTest.java:372)', () => {
    const d = decT('+RESP:GTGSM,400201,862365030025161,STR,0234,0015,003a,62a2,16,,0234,0015,003a,56a2,14,,0234,0015,003a,062a,13,,0234,0015,003a,32d9,11,,0234,0015,003a,56a0,11,,,,,,,,0234,0015,003a,7489,17,,20170219200048,0033$');
    expect(at(d, 'gl200.fix_type')).toEqual([35, 38, 'STR']);
    expect(all(d, 'gl200.cell').map((n) => n.label)).toEqual(['Cell 1', 'Cell 2', 'Cell 3', 'Cell 4', 'Cell 5', 'Cell 7']);
    expect(at(d, 'gl200.position.lac')).toEqual([49, 53, '003a']);
    expect(d.positions).toEqual([]);
  });

  it('GTWIF: access points and the battery level, no position (Gl200TextProtocolDecoderTest.java:387)', () => {
    const d = decT('+RESP:GTWIF,210102,354524044608058,,4,c413e200ff14,-39,,,,c413e2010e55,-39,,,,c8d3ff04a837,-43,,,,42490f997c6d,-57,,,,,,,,100,20170201020055,0001$');
    expect(all(d, 'gl200.wifi.mac').map((n) => n.value)).toEqual(['c413e200ff14', 'c413e2010e55', 'c8d3ff04a837', '42490f997c6d']);
    expect(at(d, 'gl200.wifi.rssi')).toEqual([51, 54, -39]);
    expect(d.attributes.batteryLevel).toBe(100);
    expect(d.positions).toEqual([]);
  });

  it('GTVER: device type, firmware and hardware versions (Gl200TextProtocolDecoderTest.java:585)', () => {
    const d = decT('+RESP:GTVER,1A0800,860599000773978,GL300,GL300,0A03,0103,20161007041531,10F8$');
    expect(at(d, 'gl200.firmware')).toEqual([47, 51, '0A03']);
    expect(d.attributes).toMatchObject({ deviceType: 'GL300', versionFw: 0x0a03, versionHw: 0x0103 });
  });

  it('GTBID: accessory MAC and voltage by append mask (Gl200TextProtocolDecoderTest.java:153)', () => {
    const d = decT('+RESP:GTBID,C20105,866833040163013,GV350M,1,0,000A,B80EA11FF800,2934,0,0.0,0,1506.5,-99.192686,18.932709,20221026025339,0334,0020,0232,029D4E02,,20221026181026,9F1D$');
    expect(at(d, 'gl200.append_mask')).toEqual([46, 50, '000A']);
    expect(d.attributes).toMatchObject({ accessoryMac: 'B80EA11FF800', accessoryVoltage: 2.934 });
    expect(d.positions).toHaveLength(1);
  });

  it('GT300 field order: the IMEI comes first, no protocol version (Gl200TextProtocolDecoderTest.java:327)', () => {
    const d = decT('+RESP:GTTRI,862370030005908,1,0,99,1,0.0,354,18.5,18.821100,-34.084002,20170607152024,0655,0001,00DD,1CAE,00,0103010100,20170607172115,3E7D$');
    expect(at(d, 'gl200.imei')).toEqual([12, 27, '862370030005908']);
    expect(ids(d)).toContain('gl200.gt300_dialect');
    expect(d.positions[0]).toMatchObject({ lat: -34.084002, lon: 18.8211 });
    expect(at(d, 'gl200.tri.field17')).toEqual([109, 119, '0103010100']);
  });
});

describe('gl200 acknowledgements and heartbeat', () => {
  it('+ACK:GTRTO: sub-command, serial and count; no position, no answer (Gl200TextProtocolDecoderTest.java:591)', () => {
    const b = txt('+ACK:GTRTO,1A0800,860599000773978,GL300,VER,FFFF,20161006053520,0C19$');
    const d = dec(b);
    expect(d.messageType).toBe('GTRTO acknowledgement');
    expect(at(d, 'gl200.header')).toEqual([1, 4, 'ACK']);
    expect(at(d, 'gl200.sub_command')).toEqual([40, 43, 'VER']);
    expect(at(d, 'gl200.serial')).toEqual([44, 48, 'FFFF']);
    expect(d.attributes.result).toBe('+ACK:GTRTO');
    expect(d.positions).toEqual([]);
    expect(answer(b)).toBeNull();
  });

  it('+ACK:GTHBD heartbeat is answered +SACK:GTHBD,<protocol version>,<count>$ (GL300 @Track protocol §3.4 example)', () => {
    const b = txt('+ACK:GTHBD,1A0102,135790246811220,,20100214093254,11F0$');
    const d = dec(b);
    expect(d.messageType).toBe('heartbeat');
    expect(d.deviceId).toBe('135790246811220');
    expect(at(d, 'gl200.count')).toEqual([50, 54, '11F0']);
    expect(answer(b)).toBe('+SACK:GTHBD,1A0102,11F0$');
  });

  it('the server answer +SACK: decodes as a downlink frame', () => {
    const d = gl200.decode(txt('+SACK:11F0$'), { transport: 'tcp', direction: 'down' });
    expect(d.messageType).toBe('server acknowledgement');
    expect(at(d, 'gl200.count')).toEqual([6, 10, '11F0']);
    const h = gl200.decode(txt('+SACK:GTHBD,1A0102,11F0$'), { transport: 'tcp', direction: 'down' });
    expect(h.messageType).toBe('heartbeat acknowledgement');
    expect(at(h, 'gl200.protocol_version')).toEqual([12, 18, '1A0102']);
  });

  it('no answer to a sentence whose count is not 4 hex digits', () => {
    expect(answer(txt('+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,13$'))).toBeNull();
  });
});

describe('gl200 malformed sentences', () => {
  it('a sentence cut before its $ keeps its fields and says so', () => {
    const s = '+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE';
    const d = decT(s);
    expect(ids(d)).toEqual(['gl200.no_delimiter']);
    expect(d.deviceId).toBe('862894020180553');
    // The last field is the LAC, not a count number.
    expect(findNode(d.tree, 'gl200.count')).toBeUndefined();
    expect(at(d, 'gl200.position.lac')).toEqual([s.length - 4, s.length, '6AAE']);
    expect(coverageGaps(d.tree, txt(s))).toEqual([]);
  });

  it('a value of the wrong shape is flagged on its node', () => {
    const d = decT('+RESP:GTFRI,060228,862894020180553,,,10,1,1,2O.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$');
    expect(ids(d)).toContain('gl200.bad_value');
    expect(findNode(d.tree, 'gl200.position.speed')!.issues![0]!.id).toBe('gl200.bad_value');
  });

  it('a sentence with an invalid date keeps its fields and flags the time', () => {
    const d = decT('+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20161399113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$');
    expect(ids(d)).toContain('gl200.bad_time');
    expect(d.positions).toEqual([]);
  });

  it('bytes that are no sentence are one raw node with an issue', () => {
    const d = decT('+XYZ');
    expect(ids(d)).toContain('gl200.bad_header');
  });
});

describe('gl200 HEX (binary) frames', () => {
  // Gl200BinaryProtocolDecoderTest.java:31: +EVT, mask 00FC1FBF, IMEI 865084030003675
  const evt = '2b4556540c00fc1fbf005c4501010108563254030003430564312a41090100000000003f007dff75a11a025c6a7807e1070a14041202680003189c1ac500000000000000000000000000000000000007e1070b041134054e5c6e0d0a';

  it('+EVT: mask-driven fields, the IMEI two digits per byte, the position, CRC-16/CCITT-FALSE', () => {
    const d = decH(evt);
    expect(d.messageCode).toBe('+EVT');
    expect(at(d, 'gl200.bin.header')).toEqual([0, 4, '+EVT']);
    expect(at(d, 'gl200.bin.type')).toEqual([4, 5, 12]);
    expect(at(d, 'gl200.bin.mask')).toEqual([5, 9, 0x00fc1fbf]);
    expect(at(d, 'gl200.bin.length')).toEqual([9, 11, 92]);
    expect(at(d, 'gl200.bin.imei')).toEqual([16, 24, '865084030003675']);
    expect(d.deviceId).toBe('865084030003675');
    expect(at(d, 'gl200.bin.power')).toEqual([25, 27, 12586]);
    expect(at(d, 'gl200.position.longitude')).toEqual([38, 42, -9068262]);
    expect(d.positions).toEqual([{ time: '2017-07-10T20:04:18.000Z', valid: false, lat: 39.611, lon: -9.068262, speedKnots: 0, course: 63, altitude: 125, satellites: 9 }]);
    expect(at(d, 'gl200.bin.crc')).toEqual([88, 90, 0x5c6e]);
    expect(findNode(d.tree, 'gl200.bin.crc_computed')!.generated).toBe(true);
    expect(at(d, 'gl200.bin.tail')).toEqual([90, 92, 0x0d0a]);
    expect(d.attributes).toMatchObject({ batteryLevel: 100, power: 12.586, sat: 9 });
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, fromHex(evt))).toEqual([]);
  });

  it('a bad CRC is flagged, the frame still decoded', () => {
    const bad = evt.slice(0, -8) + '5c6f0d0a';
    const d = decH(bad);
    expect(ids(d)).toEqual(['gl200.checksum_incorrect']);
    expect(d.positions).toHaveLength(1);
  });

  it('a frame shorter than its length field is flagged as truncated', () => {
    const d = decH(evt.slice(0, 100));
    expect(ids(d)).toContain('gl200.truncated');
    expect(d.issues.find((i) => i.id === 'gl200.truncated')!.group).toBe('malformed');
    expect(d.positions).toEqual([]);
  });

  it('+RSP GTLBC: device name instead of IMEI, the BCD phone number up to its F nibble (Gl200BinaryProtocolDecoderTest.java:22)', () => {
    const d = decH('2b5253500300fc1fff0064450102020867623130302d446f642f442105007018217345005f010100000001100045073c4d4101db86bd07e106130b2b0f0460000018770013000000030000000106020f2300002714301107e106130b2b1003424efb0d0a');
    expect(d.messageType).toBe('location GTLBC');
    expect(at(d, 'gl200.bin.device_name')).toEqual([16, 24, 'gb100-Do']);
    expect(at(d, 'gl200.bin.phone')).toEqual([31, 37, '18217345005']);
    expect(at(d, 'gl200.bin.number')).toEqual([37, 38, 1]);
    expect(d.positions[0]).toMatchObject({ lat: 31.164093, lon: 121.392449, valid: true, course: 272, altitude: 69 });
    expect(at(d, 'gl200.position.mcc')).toEqual([61, 63, '0460']);
    expect(at(d, 'gl200.bin.total_hours')).toEqual([81, 87, '10004:48:17']);
    expect(d.issues).toEqual([]);
  });

  it('+INF: version, battery, signal and cell sections fitted to the length (Gl200BinaryProtocolDecoderTest.java:28)', () => {
    const d = decH('2b494e4601fd7f0076676231303000000045010202090104020500004100054007e107150b061d0000003f010e02580000000000d0312a1013648935103226313921591f1200000000000302680003189c1ac3001b02680003189c1ac4000d02680003189c1ac5001207e107150b0d3704f658060d0a');
    expect(at(d, 'gl200.bin.length')).toEqual([7, 9, 118]);
    expect(at(d, 'gl200.bin.device_name')).toEqual([9, 17, 'gb100']);
    expect(at(d, 'gl200.bin.iccid')).toEqual([58, 68, '8935103226313921591']);
    expect(all(d, 'gl200.bin.cell')).toHaveLength(3);
    expect(d.attributes).toMatchObject({ power: 12.586, battery: 4.115, batteryLevel: 100, rssi: 18 });
    expect(d.positions).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('+ACK: command id, serial number and send time (Gl200BinaryProtocolDecoderTest.java:34)', () => {
    const b = fromHex('2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe030d0a');
    const d = dec(b);
    expect(d.messageType).toBe('GTSRI acknowledgement');
    expect(at(d, 'gl200.bin.serial')).toEqual([21, 23, 0xffff]);
    expect(at(d, 'gl200.bin.send_time')).toEqual([23, 30, '2017-07-11T03:17:45.000Z']);
    expect(d.positions).toEqual([]);
    expect(gl200.respond(b, d)).toBeNull();
  });

  it('+EVT GTIGN: the 4-byte ignition-off duration before the count; analog and digital I/O by mask (GV300CAN @Track V12.00 §4.5 example)', () => {
    const b = fromHex('2B4556540D00FE5FBF00644B03050318564F5F0300520A0455000000000100221900001CC7010000000000F8006906FB404901E5D43B07E3041805103A04600000550BB96900000000000000000000000000000000000007E30418051102BE1D62A20D0A');
    const d = dec(b);
    expect(d.messageType).toBe('event GTIGN');
    expect(at(d, 'gl200.bin.adc')).toEqual([27, 29, 0]);
    expect(at(d, 'gl200.bin.din')).toEqual([29, 30, 1]);
    expect(at(d, 'gl200.bin.insert.duration_of_ignition_off')).toEqual([33, 37, 7367]);
    expect(at(d, 'gl200.bin.number')).toEqual([37, 38, 1]);
    expect(d.positions[0]).toMatchObject({ time: '2019-04-24T05:16:58.000Z', valid: false, lat: 31.839291, lon: 117.129289 });
    expect(at(d, 'gl200.bin.send_time')).toEqual([87, 94, '2019-04-24T05:17:02.000Z']);
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, b)).toEqual([]);
  });

  it('+HBD: heartbeat with its unique ID; no answer (GV300CAN @Track V12.00 §4.9 example)', () => {
    const b = fromHex('2B484244EF204B03060319564F5F0300520A0407E3041A082D010455D37B0D0A');
    const d = dec(b);
    expect(d.messageType).toBe('heartbeat');
    expect(at(d, 'gl200.bin.length')).toEqual([5, 6, 32]);
    expect(at(d, 'gl200.bin.imei')).toEqual([11, 19, '867995030082104']);
    expect(d.issues).toEqual([]);
    expect(gl200.respond(b, d)).toBeNull();
  });

  it('+LGN: the IMEI and send time, unknown bytes shown raw (Gl200FrameDecoderTest.java:19)', () => {
    const d = decH('2b4c474e00ff0026fe110b07020106563454040d054905000007e4031911213905083abd0d0a');
    expect(d.deviceId).toBe('865284041305735');
    expect(at(d, 'gl200.bin.send_time')).toEqual([25, 32, '2020-03-25T17:33:57.000Z']);
    expect(d.issues).toEqual([]);
  });

  it('Protocol Pro report: records of TLV data, data 82 full location, CRC-8, +SACK answer (Gl200FrameDecoderTest.java:15)', () => {
    const b = fromHex('2b000038000865134050947226820300030000216a3ed6f101895000521629fa8b28f402ac1a8e6a3ed6f100001600000010f505010ff824');
    const d = dec(b);
    expect(d.deviceId).toBe('865134050947226');
    expect(at(d, 'gl200.pro.length')).toEqual([2, 4, 56]);
    expect(at(d, 'gl200.pro.imei')).toEqual([5, 13, '865134050947226']);
    expect(findNode(d.tree, 'gl200.pro.record')!.label).toBe('Record 1');
    expect(d.positions).toEqual([{ time: '2026-06-26T19:45:53.000Z', valid: true, lat: 44.833422, lon: -91.543308, satellites: 5, speedKnots: 0, course: 0, altitude: 434.1 }]);
    expect(at(d, 'gl200.pro.crc')).toEqual([54, 55, 0xf8]);
    expect(d.issues).toEqual([]);
    expect(coverageGaps(d.tree, b)).toEqual([]);
    expect(String.fromCharCode(...gl200.respond(b, d)!)).toBe('+SACK:010F$');
  });
});

describe('gl200 splitter', () => {
  const fri = '+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$';
  const hbd = '+ACK:GTHBD,1A0102,135790246811220,,20100214093254,11F0$';
  const evt = fromHex('2b4556540c00fc1fbf005c4501010108563254030003430564312a41090100000000003f007dff75a11a025c6a7807e1070a14041202680003189c1ac500000000000000000000000000000000000007e1070b041134054e5c6e0d0a');
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  it('waits for the $ of a sentence split across chunks', () => {
    expect(gl200.split(txt(fri.slice(0, 80)))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(gl200.split(txt('+RE'))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('cuts two sentences and a HEX frame from one chunk, $ included', () => {
    const b = cat(txt(fri), txt(hbd), evt);
    const r = gl200.split(b);
    expect(r.frames).toEqual([{ start: 0, end: fri.length }, { start: fri.length, end: fri.length + hbd.length }, { start: fri.length + hbd.length, end: b.length }]);
    expect(r.consumed).toBe(b.length);
  });

  it('resynchronises after garbage and reports it', () => {
    const b = cat(txt('xx\r\n'), txt(hbd));
    const r = gl200.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 4 }]);
    expect(r.frames).toEqual([{ start: 4, end: b.length }]);
  });

  it('waits for the rest of a HEX frame by its length field', () => {
    const r = gl200.split(evt.subarray(0, 50));
    expect(r).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('ends a sentence missing its $ where the next sentence starts', () => {
    const b = txt(fri.slice(0, -1) + hbd);
    expect(gl200.split(b).frames).toEqual([{ start: 0, end: fri.length - 1 }, { start: fri.length - 1, end: b.length }]);
  });

  it('gives up on a header with no $ within 4096 bytes', () => {
    const b = txt('+RESP:GTFRI,' + '1'.repeat(5000));
    const r = gl200.split(b);
    expect(r.frames).toEqual([]);
    expect(r.garbage).toEqual([{ start: 0, end: b.length }]);
    expect(r.consumed).toBe(b.length);
  });

  it('a HEX header whose length does not end at 0d0a is garbage', () => {
    const bad = evt.slice();
    bad[bad.length - 1] = 0x00;
    const r = gl200.split(cat(bad, txt(hbd)));
    expect(r.frames).toEqual([{ start: bad.length, end: bad.length + hbd.length }]);
    expect(r.garbage).toEqual([{ start: 0, end: bad.length }]);
  });

  it('ends a GT300 sentence at \\0', () => {
    const b = txt('+RESP:GTTRI,135790246811220,1,0,0,1,4.3,92,70.0,1,121.354335,31.222073,20090101000000,0460,0000,18d8,6141,00,11F0,0102070202\0');
    expect(gl200.split(b).frames).toEqual([{ start: 0, end: b.length }]);
    expect(toHex(gl200.plain!(b))).toBe(toHex(b.subarray(0, b.length - 1)));
  });

  it('plain() drops the $ of a sentence and leaves binary frames alone', () => {
    expect(String.fromCharCode(...gl200.plain!(txt(hbd)))).toBe(hbd.slice(0, -1));
    expect(gl200.plain!(evt)).toEqual(evt);
  });

  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: cuts the expected frame', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = gl200.split(bytes);
    const cut = bytes.subarray(r.frames[0]!.start, r.frames[0]!.end);
    expect([toHex(cut), toHex(gl200.plain!(cut))]).toContain(f.expect.frame);
  });
});

describe('gl200 detection', () => {
  it('explains a sentence with header, type, version, IMEI and end mark', () => {
    const [c] = detect(txt('+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('gl200');
    expect(c!.score).toBeGreaterThan(0.95);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['header +RESP:GT', 'known report type GTFRI (fixed report)', 'protocol version 060228 (GV300)', 'IMEI 862894020180553 passes Luhn', 'ends with $']));
  });

  it('weighs the GL100/GT300 field order (IMEI first) lower than the GL200 one', () => {
    const gl200s = gl200.detect(txt('+RESP:GTFRI,060228,862894020180553,,,10,1,1,20.0,147,329.7,-62.899703,-17.720434,20160309113548,0736,0003,6AAE,3381,00,913.3,,,,0,220101,,,,20160309073554,132B$'), { transport: 'tcp' }).score;
    const gl100 = gl200.detect(txt('+RESP:GTTRI,862370030005908,1,0,99,1,0.0,354,18.5,18.821100,-34.084002,20170607152024,0655,0001,00DD,1CAE,00,0103010100,20170607172115,3E7D$'), { transport: 'tcp' });
    expect(gl100.evidence.map((e) => e.text)).toContain('field 1 is an IMEI: GT300/GL100-family field order');
    expect(gl100.score).toBeLessThan(gl200s);
  });

  it('explains a HEX frame by its length and CRC, and scores a broken CRC lower', () => {
    const good = gl200.detect(fromHex('2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe030d0a'), { transport: 'tcp' });
    expect(good.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['HEX header +ACK', 'length 36 ends at 0d0a', 'CRC-16/CCITT-FALSE ok']));
    const bad = gl200.detect(fromHex('2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe040d0a'), { transport: 'tcp' });
    expect(bad.score).toBeLessThan(good.score);
  });

  it('gives nothing for bytes that start no Queclink frame', () => {
    expect(gl200.detect(txt('*HQ,865205030330012,V1,'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(gl200.detect(txt('+CMGS: 12'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(gl200.detect(fromHex('78780d01012345678901234500018cdd0d0a'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('gl200 corpus', () => {
  const sessions = new Map<string, string>();
  it.each(corpus.filter((f) => f.stage === 'decoder').map((f) => [f.source, f] as const))('%s decodes, covers every byte and is detected as gl200', (_s, f) => {
    const bytes = fromHex(wireHex(f));
    const d = dec(bytes, sessions.get(f.test));
    if (d.deviceId) sessions.set(f.test, d.deviceId);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
      expect(n.start).toBeLessThanOrEqual(n.end);
    }
    expect(coverageGaps(d.tree, bytes)).toEqual([]);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    for (const [k, v] of Object.entries(f.expect.attributes ?? {})) if (v !== null) expect(d.attributes[k]).toEqual(v);
    expect(detect(bytes, { transport: f.transport }, PROTOCOLS)[0]?.protocol).toBe('gl200');
  });
});
