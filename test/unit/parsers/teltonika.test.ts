import { describe, expect, it } from 'vitest';
import { teltonika } from '../../../parsers/teltonika';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { crc16Ibm } from '../../../parsers/core/checksum';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import type { DecodedFrame } from '../../../parsers/core/types';
import { loadCorpus } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('teltonika');
/** A corpus frame by its source line (TeltonikaProtocolDecoderTest.java:<line>). */
const frameAt = (line: number) => fromHex(corpus.find((f) => f.source === `TeltonikaProtocolDecoderTest.java:${line}`)!.hex);
const tcp = { transport: 'tcp', direction: 'up' } as const;
const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id)!;
  return [n.start, n.end, n.value];
};

// TeltonikaProtocolDecoderTest.java:15 (the handshake every session of the test starts with).
const HANDSHAKE = '000f313233343536373839303132333435';
// TeltonikaProtocolDecoderTest.java:132: Codec 8, one record, IO 1 and 240 (1 byte), 66 and 24 (2 bytes).
const CODEC8 = '000000000000002b080100000140d4e3ec6e000cc661d01674a5e0fffc00000900000004020100f0000242322318000000000100007a04';

describe('teltonika IMEI handshake', () => {
  const f = fromHex(HANDSHAKE);
  const d = teltonika.decode(f, tcp);

  it('reads the length and the 15 ASCII digits', () => {
    expect(d.messageType).toBe('login');
    expect(d.deviceId).toBe('123456789012345');
    expect(at(d, 'teltonika.imei_length')).toEqual([0, 2, 15]);
    expect(at(d, 'teltonika.imei')).toEqual([2, 17, '123456789012345']);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('notes an IMEI that fails Luhn as information only', () => {
    expect(d.issues.map((i) => i.id)).toEqual(['teltonika.imei_luhn']);
  });

  it('is accepted with 01', () => {
    expect(toHex(teltonika.respond(f, d)!)).toBe('01');
  });

  it('is detected from the header, the digits and Luhn', () => {
    const [c] = detect(fromHex('000f333536333037303432343431303133'), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('teltonika');
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['IMEI handshake header 000f', 'IMEI 356307042441013 passes Luhn']));
  });
});

describe('teltonika Codec 8 (0x08)', () => {
  const f = fromHex(CODEC8);
  const d = teltonika.decode(f, { ...tcp, deviceId: '356307042441013' });

  it('places preamble, length, codec, counts and CRC', () => {
    expect(at(d, 'teltonika.preamble')).toEqual([0, 4, 0]);
    expect(at(d, 'teltonika.length')).toEqual([4, 8, 0x2b]);
    expect(at(d, 'teltonika.codec')).toEqual([8, 9, 0x08]);
    expect(at(d, 'teltonika.count')).toEqual([9, 10, 1]);
    expect(at(d, 'teltonika.count2')).toEqual([50, 51, 1]);
    expect(at(d, 'teltonika.crc')).toEqual([51, 55, 0x7a04]);
    const computed = findNode(d.tree, 'teltonika.crc_computed')!;
    expect([computed.generated, computed.value]).toEqual([true, 0x7a04]);
    expect(d.issues).toEqual([]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('decodes the GPS element: lon before lat, × 10^7, signed altitude', () => {
    expect(d.messageType).toBe('location');
    expect(d.messageCode).toBe('0x08');
    expect(d.deviceId).toBe('356307042441013');
    expect(d.positions).toEqual([{ time: '2013-08-31T15:00:41.710Z', valid: true, lat: 37.6743392, lon: 21.432776, speedKnots: 0, course: 0, altitude: -4, satellites: 9 }]);
    expect(at(d, 'teltonika.record.time')).toEqual([10, 18, 1377961241710]);
    expect(at(d, 'teltonika.record.longitude')).toEqual([19, 23, 214327760]);
    expect(at(d, 'teltonika.record.latitude')).toEqual([23, 27, 376743392]);
    expect(at(d, 'teltonika.record.altitude')).toEqual([27, 29, -4]);
  });

  it('names IO elements, one byte ids, and keeps their byte ranges', () => {
    expect(d.attributes).toMatchObject({ priority: 0, sat: 9, event: 0, in1: false, motion: false, power: 12.835, io24: 0 });
    const power = findNode(d.tree, 'teltonika.io.66')!;
    expect([power.start, power.end]).toEqual([42, 45]);
    expect(power.children!.map((c) => [c.id, c.start, c.end])).toEqual([['teltonika.io.id', 42, 43], ['teltonika.io.value', 43, 45]]);
  });

  it('answers with the record count in 4 bytes', () => {
    expect(toHex(teltonika.respond(f, d)!)).toBe('00000001');
  });
});

describe('teltonika Codec 8 Extended (0x8e)', () => {
  it('reads 2-byte ids and counts and scales the EYE temperature (TeltonikaProtocolDecoderTest.java:152)', () => {
    const f = frameAt(152);
    const d = teltonika.decode(f, tcp);
    expect(d.messageCode).toBe('0x8e');
    expect(d.attributes.eyeTemp1).toBe(-11.87);
    expect(d.attributes).toMatchObject({ ignition: false, motion: false, rssi: 5, gnssStatus: 1, power: 12.458, battery: 4.023, odometer: 329 });
    expect(at(d, 'teltonika.record.event_io')).toEqual([34, 36, 0]);
    expect(at(d, 'teltonika.record.io_total')).toEqual([36, 38, 15]);
    const eye = findNode(d.tree, 'teltonika.io.10800')!;
    expect([eye.start, eye.end]).toEqual([83, 87]);
    expect(toHex(f.subarray(85, 87))).toBe('fb5d');
    expect(toHex(teltonika.respond(f, d)!)).toBe('00000001');
  });

  it('splits the BLE tag list of IO 548 into tags and parameters (TeltonikaProtocolDecoderTest.java:21)', () => {
    const f = frameAt(21);
    const d = teltonika.decode(f, tcp);
    expect(d.attributes).toMatchObject({ event: 548, tag1Rssi: -58, tag1Id: 'babbf3630055', tag1Voltage: 3090, tag5Id: 'cabbf3630055' });
    expect(at(d, 'teltonika.io.length')).toEqual([50, 52, 73]);
    const tag1 = findNode(d.tree, 'teltonika.ble.tag')!;
    expect([tag1.label, tag1.start, tag1.end]).toEqual(['Tag 1', 53, 69]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('reads the VIN and DTCs of variable-length elements (TeltonikaProtocolDecoderTest.java:54)', () => {
    const d = teltonika.decode(frameAt(54), tcp);
    expect(d.attributes.vin).toBe('WV1ZZZ2EZ86015388');
    expect(d.attributes.dtcs).toBe('P0299 P0675 P0674 P0672 P0671 P0471 P2BAC');
  });
});

describe('teltonika Codec 16 (0x10)', () => {
  it('reads the 2-byte event id and the generation type (TeltonikaProtocolDecoderTest.java:81)', () => {
    const f = frameAt(81);
    const d = teltonika.decode(f, tcp);
    expect(d.messageCode).toBe('0x10');
    expect(at(d, 'teltonika.record.event_io')).toEqual([34, 36, 0]);
    expect(at(d, 'teltonika.record.generation')).toEqual([36, 37, 7]);
    expect(at(d, 'teltonika.record.io_total')).toEqual([37, 38, 32]);
    expect(at(d, 'teltonika.io.id')).toEqual([39, 41, 256]);
    expect(d.positions[0]).toMatchObject({ lat: -33.4379166, lon: -70.64967, altitude: 571, course: 282 });
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });
});

describe('teltonika GH3000 (codec 7)', () => {
  it('reads masked records with float coordinates and 2007-based times (TeltonikaProtocolDecoderTest.java:129)', () => {
    const f = fromHex('000000000000003107024c61410b013f4231c2c141d0beb9003d000005006483ff4c6140eb013f4231c2c141d0beb9003d000005006483ff02000041df');
    const d = teltonika.decode(f, tcp);
    expect(d.positions).toHaveLength(2);
    expect(d.positions[0]).toMatchObject({ time: '2013-07-31T22:30:35.000Z', lat: 44.4401894, lon: 26.0931263, altitude: 61, satellites: 5 });
    expect(at(d, 'teltonika.record.latitude')).toEqual([16, 20, 44.4401894]);
    expect(at(d, 'teltonika.record.lac')).toEqual([29, 31, 0x64]);
    expect(d.issues).toEqual([]);
    expect(toHex(teltonika.respond(f, d)!)).toBe('00000002');
  });
});

describe('teltonika extended IO (16-byte group)', () => {
  it('finds the layout with the 16-byte group when the plain one does not fit (TeltonikaProtocolDecoderTest.java:158)', () => {
    const f = frameAt(158);
    const d = teltonika.decode(f, tcp);
    expect(d.positions).toHaveLength(11);
    expect(findNode(d.tree, 'teltonika.record')!.children!.filter((c) => c.label === '16-byte IO elements')).toHaveLength(1);
    expect(d.issues).toEqual([]);
  });
});

describe('teltonika Codec 12 / 13 / 14', () => {
  it('gives the text of a Codec 12 response as result, no position, no answer (TeltonikaProtocolDecoderTest.java:135)', () => {
    const f = fromHex('000000000000002d0c01060000002523464d323d3236323033323736313732313339362c32363230332c30372e30322e30350d0a0100009a2e');
    const d = teltonika.decode(f, tcp);
    expect(d.messageType).toBe('response');
    expect(d.attributes).toEqual({ type: 6, result: '#FM2=262032761721396,26203,07.02.05' });
    expect(at(d, 'teltonika.command.size')).toEqual([11, 15, 0x25]);
    expect(at(d, 'teltonika.command.text')).toEqual([15, 52, '#FM2=262032761721396,26203,07.02.05\r\n']);
    expect(d.positions).toEqual([]);
    expect(teltonika.respond(f, d)).toBeNull();
  });

  it('shows a binary response in hex (TeltonikaProtocolDecoderTest.java:69)', () => {
    const d = teltonika.decode(fromHex('00000000000000100c010600000008010300010015d5c5010000d988'), tcp);
    expect(d.attributes.result).toBe('010300010015d5c5');
    expect(at(d, 'teltonika.command.data')).toEqual([15, 23, '010300010015d5c5']);
  });

  it('decodes a server command going down (Teltonika wiki, Codec 12 "getinfo")', () => {
    const f = fromHex('000000000000000f0c010500000007676574696e666f0100004312');
    const d = teltonika.decode(f, { transport: 'tcp', direction: 'down' });
    expect(d.messageType).toBe('command');
    expect(d.attributes.command).toBe('getinfo');
    expect(d.issues).toEqual([]);
  });

  it('reads the Codec 13 timestamp and a driver card read (TeltonikaProtocolDecoderTest.java:32)', () => {
    const f = fromHex('00000000000000240d01060000001c642b3ad14754534c7c367c317c307c31323734393838347c317c0d0a010000ec11');
    const d = teltonika.decode(f, tcp);
    expect(d.attributes.driverUniqueId).toBe('12749884');
    expect(at(d, 'teltonika.command.timestamp')).toEqual([15, 19, 0x642b3ad1]);
    expect(d.positions).toEqual([]);
  });

  it('takes the device id from the Codec 14 IMEI (Teltonika wiki, Codec 14 "getver")', () => {
    const d = teltonika.decode(fromHex('00000000000000160e01050000000e0352093081452251676574766572010000d2c1'), { transport: 'tcp', direction: 'down' });
    expect(d.deviceId).toBe('352093081452251');
    expect(at(d, 'teltonika.command.imei')).toEqual([15, 23, '0352093081452251']);
    expect(d.attributes.command).toBe('getver');
  });

  it('reads a camera chunk and flags its bad CRC (TeltonikaProtocolDecoderTest.java:180)', () => {
    const f = frameAt(180);
    const d = teltonika.decode(f, tcp);
    expect(d.messageType).toBe('photo');
    expect(at(d, 'teltonika.photo.chunk_size')).toEqual([24, 26, 2048]);
    expect(findNode(d.tree, 'teltonika.photo.data')!.end).toBe(2074);
    expect(d.issues.map((i) => i.id)).toEqual(['teltonika.checksum_incorrect']);
  });
});

describe('teltonika over UDP', () => {
  // TeltonikaProtocolDecoderTest.java:190 (testDecodeConnectionless)
  const f = fromHex('0049cafe0122000f33353734353430373237313339373508010000015d3766f6a800003eef961ec6215e0063006d09003100070401000200f001c8000242381c18003201c7000000e10001');
  const d = teltonika.decode(f, { transport: 'udp', direction: 'up' });

  it('reads the channel header and the IMEI, then the codec data without CRC', () => {
    expect(d.deviceId).toBe('357454072713975');
    expect(at(d, 'teltonika.udp.packet_id')).toEqual([2, 4, 0xcafe]);
    expect(at(d, 'teltonika.udp.avl_packet_id')).toEqual([5, 6, 0x22]);
    expect(at(d, 'teltonika.udp.imei')).toEqual([8, 23, '357454072713975']);
    expect(at(d, 'teltonika.codec')).toEqual([23, 24, 8]);
    expect(at(d, 'teltonika.count2')).toEqual([74, 75, 1]);
    expect(d.positions[0]).toMatchObject({ time: '2017-07-12T15:24:41.000Z', lat: 51.630115, lon: 0.4124566, altitude: 99, course: 109 });
    expect(d.issues).toEqual([]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
  });

  it('answers 00 05 <packet id> 01 <AVL packet id> <count>', () => {
    expect(toHex(teltonika.respond(f, d)!)).toBe('0005cafe012201');
  });

  it('is detected from the header consistency', () => {
    const [c] = detect(f, { transport: 'udp' }, PROTOCOLS);
    expect(c!.protocol).toBe('teltonika');
    expect(c!.evidence.map((e) => e.text)).toContain('packet length matches the datagram');
  });
});

describe('teltonika bad input is data', () => {
  it('flags a bad CRC, decodes anyway and still acknowledges (TeltonikaProtocolDecoderTest.java:84)', () => {
    const f = frameAt(84);
    const d = teltonika.decode(f, tcp);
    expect(d.positions).toHaveLength(1);
    expect(d.issues.map((i) => i.id)).toEqual(['teltonika.checksum_incorrect']);
    expect(findNode(d.tree, 'teltonika.crc')!.issues![0]!.group).toBe('checksum');
    expect(toHex(teltonika.respond(f, d)!)).toBe('00000001');
  });

  it('reads the records of a frame whose length field is 0 (TeltonikaProtocolDecoderTest.java:102)', () => {
    const f = frameAt(102);
    const d = teltonika.decode(f, tcp);
    expect(d.positions[0]).toMatchObject({ lat: 25.3032016, lon: 54.7146368 });
    expect(d.issues.map((i) => i.id)).toEqual(['teltonika.length_mismatch', 'teltonika.checksum_incorrect']);
    expect(at(d, 'teltonika.count2')).toEqual([51, 52, 1]);
  });

  it('keeps the fields of a truncated frame, marks it and does not acknowledge it', () => {
    const f = fromHex(CODEC8.slice(0, 60));
    const d = teltonika.decode(f, tcp);
    expect(d.issues.map((i) => i.id)).toEqual(expect.arrayContaining(['core.truncated', 'teltonika.truncated']));
    expect(at(d, 'teltonika.record.time')).toEqual([10, 18, 1377961241710]);
    expect(d.positions).toEqual([]);
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
    expect(teltonika.respond(f, d)).toBeNull();
  });

  it('shows an unknown codec as a named raw node', () => {
    const f = fromHex('00000000000000057701aabb0100000000');
    const crc = crc16Ibm(f, 8, 13);
    f[15] = crc >> 8;
    f[16] = crc & 0xff;
    const d = teltonika.decode(f, tcp);
    expect(d.messageType).toBe('codec 0x77');
    expect(at(d, 'teltonika.body')).toEqual([10, 12, 'aabb']);
    expect(at(d, 'teltonika.count2')).toEqual([12, 13, 1]);
    expect(d.issues.map((i) => i.id)).toEqual(['teltonika.unknown_codec', 'core.undecoded']);
    expect(teltonika.respond(f, d)).toBeNull();
  });

  it('flags number of data 2 that differs from number of data 1', () => {
    const f = fromHex(CODEC8);
    f[50] = 2;
    const d = teltonika.decode(f, tcp);
    expect(d.issues.map((i) => i.id)).toContain('teltonika.count_mismatch');
  });

  it('takes a lone 0xff for the keep-alive it is (TeltonikaProtocolDecoderTest.java:147)', () => {
    const d = teltonika.decode(fromHex('ff'), tcp);
    expect([d.messageType, d.positions]).toEqual(['ping', []]);
    expect(teltonika.respond(fromHex('ff'), d)).toBeNull();
  });
});

describe('teltonika server answers (direction down)', () => {
  const down = { transport: 'tcp', direction: 'down' } as const;
  it('decodes the handshake answer and the record count', () => {
    expect(teltonika.decode(fromHex('01'), down).attributes.result).toBe('accepted');
    const ack = teltonika.decode(fromHex('00000004'), down);
    expect([ack.messageType, ack.attributes.count]).toEqual(['ack', 4]);
    const udp = teltonika.decode(fromHex('0005cafe012201'), { transport: 'udp', direction: 'down' });
    expect(at(udp, 'teltonika.udp.accepted')).toEqual([6, 7, 1]);
  });
});

describe('teltonika server → device stream (split with direction down)', () => {
  const GETINFO = '000000000000000f0c010500000007676574696e666f0100004312';
  it('cuts the IMEI accept, each record-count acknowledgement and a Codec 12 command apart', () => {
    const stream = fromHex(`01 00000004 00000001 ${GETINFO} 00000002`.replace(/ /g, ''));
    const r = teltonika.split(stream, false, 'down');
    expect(r.frames).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 5 },
      { start: 5, end: 9 },
      { start: 9, end: 36 },
      { start: 36, end: 40 },
    ]);
    expect(r.garbage).toEqual([]);
    const down = { transport: 'tcp', direction: 'down' } as const;
    expect(r.frames.map((f) => teltonika.decode(stream.subarray(f.start, f.end), down).messageType)).toEqual(['login ack', 'ack', 'ack', 'command', 'ack']);
  });

  it('waits for an acknowledgement split across chunks; at the end of the stream a zero count is cut', () => {
    expect(teltonika.split(fromHex('000000'), false, 'down')).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(teltonika.split(fromHex('00000000'), false, 'down').consumed).toBe(0);
    expect(teltonika.split(fromHex('00000000'), true, 'down').frames).toEqual([{ start: 0, end: 4 }]);
  });

  it('an IMEI refusal that ends the stream is cut when no more bytes are coming', () => {
    expect(teltonika.split(fromHex('00'), false, 'down')).toEqual({ frames: [], garbage: [], consumed: 0 });
    const r = teltonika.split(fromHex('00'), true, 'down');
    expect(r).toEqual({ frames: [{ start: 0, end: 1 }], garbage: [], consumed: 1 });
    expect(teltonika.decode(fromHex('00'), { transport: 'tcp', direction: 'down' }).attributes.result).toBe('rejected');
  });

  it('an IMEI refusal is one byte; bytes of no answer are garbage', () => {
    const r = teltonika.split(fromHex('00ffee00000003'), false, 'down');
    expect(r.frames).toEqual([{ start: 0, end: 1 }, { start: 3, end: 7 }]);
    expect(r.garbage).toEqual([{ start: 1, end: 3 }]);
  });
});

describe('teltonika splitter', () => {
  const hs = fromHex(HANDSHAKE);
  const data = fromHex(CODEC8);
  const stream = new Uint8Array([...hs, ...data]);

  it('cuts the handshake and the data that follows it in one chunk', () => {
    const r = teltonika.split(stream);
    expect(r.frames).toEqual([{ start: 0, end: 17 }, { start: 17, end: 72 }]);
    expect(r.consumed).toBe(72);
  });

  it('waits for the rest of a frame split across chunks', () => {
    expect(teltonika.split(stream.subarray(0, 40))).toEqual({ frames: [{ start: 0, end: 17 }], garbage: [], consumed: 17 });
    expect(teltonika.split(data.subarray(0, 6))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(teltonika.split(hs.subarray(0, 9))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('resynchronises after garbage and reports it', () => {
    const b = new Uint8Array([0xde, 0xad, 0x00, 0xbe, ...data]);
    const r = teltonika.split(b);
    expect(r.garbage).toEqual([{ start: 0, end: 4 }]);
    expect(r.frames).toEqual([{ start: 4, end: 59 }]);
  });

  it('cuts a keep-alive byte between frames', () => {
    const r = teltonika.split(new Uint8Array([...data, 0xff, ...data]));
    expect(r.frames).toEqual([{ start: 0, end: 55 }, { start: 55, end: 56 }, { start: 56, end: 111 }]);
  });

  it('finds the end of a frame with a wrong length field by reading its records (TeltonikaProtocolDecoderTest.java:102)', () => {
    const broken = frameAt(102);
    const r = teltonika.split(new Uint8Array([...broken, ...data]));
    expect(r.frames).toEqual([{ start: 0, end: 56 }, { start: 56, end: 111 }]);
  });

  it('gives up on a header after MAX_FRAME bytes without a frame', () => {
    const b = new Uint8Array(16384 + 20);
    b.set([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x08, 0x01]);
    b.fill(0x55, 10);
    const r = teltonika.split(b);
    expect(r.frames).toEqual([]);
    expect(r.garbage).toEqual([{ start: 0, end: 16384 }]);
  });
});

describe('teltonika detection', () => {
  it('explains a data packet with its preamble, codec and CRC', () => {
    const [c] = detect(fromHex(CODEC8), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('teltonika');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['preamble 00000000', 'codec 0x08 (Codec 8)', 'CRC-16/IBM ok']));
  });

  it('is sure enough to lock a session from the first 64 bytes of a long packet', () => {
    const [c] = detect(frameAt(39).subarray(0, 64), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('teltonika');
    expect(c!.score).toBeGreaterThan(0.5);
  });

  it('does not claim zeros with an unknown codec', () => {
    expect(teltonika.detect(fromHex('0000000000000010770100'), { transport: 'tcp' }).score).toBeLessThan(0.15);
    expect(teltonika.detect(new Uint8Array(32), { transport: 'tcp' }).score).toBeLessThan(0.15);
  });
});

describe('teltonika corpus', () => {
  it.each(corpus.filter((f) => f.stage === 'decoder').map((f) => [f.source, f] as const))('%s decodes, covers every byte, flags checksums as the corpus says and is detected', (_s, f) => {
    const bytes = fromHex(f.hex);
    const d = teltonika.decode(bytes, tcp);
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    if (f.checksum) expect(d.issues.some((i) => i.id === 'teltonika.checksum_incorrect')).toBe(!f.checksum.ok);
    for (const [k, v] of Object.entries(f.expect.attributes ?? {})) expect(d.attributes[k]).toBe(v);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    expect(detect(bytes, { transport: 'tcp' }, PROTOCOLS)[0]?.protocol).toBe('teltonika');
  });
});
