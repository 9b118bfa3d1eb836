import { describe, expect, it } from 'vitest';
import { watch } from '../../../parsers/watch';
import { concatBytes, fromHex, latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { detect } from '../../../parsers/core/detector';
import { PROTOCOLS } from '../../../parsers/index';
import { loadCorpus, wireHex } from '../../helpers/corpus';
import { uncovered, walk } from '../../helpers/tree';

const corpus = loadCorpus('watch');
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const range = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id)!;
  return [n.start, n.end, n.value];
};
const answer = (frame: string) => {
  const f = ascii(frame);
  const r = watch.respond(f, watch.decode(f));
  return r && latin1(r);
};

// WatchProtocolDecoderTest.java:137
const LK = '[3G*4700186508*000B*LK,0,10,100]';
// WatchProtocolDecoderTest.java:109
const UD2 = '[3G*6105117105*008D*UD2,210716,231601,V,-33.480366,N,-70.7630692,E,0.00,0.0,0.0,0,100,34,0,0,00000000,3,255,730,2,29731,54315,167,29731,54316,162,29731,54317,145]';
// WatchProtocolDecoderTest.java:41
const AL = '[ZJ*689466020014198*0003*0113*AL,221121,085515,V,00.000000,N,000.000000,E,0,0,0,0,0,44,0,0,00100000,1,255,460,0,16399,234887445,0,6,WIFI00,68:77:24:1b:e7:a7,-59,WIFI01,68:77:24:1b:e3:30,-75,WIFI02,68:77:24:1b:e3:27,-75,WIFI03,00:41:d2:c0:f2:f1,-76,WIFI04,00:41:d2:c0:f2:f0,-77,WIFI05,68:77:24:1b:e3:d8,-82]';
// WatchFrameDecoderTest.java:37: TK audio with `} [ ] , *` escaped as `}01`..`}05`
const TK_WIRE = '5b43532a313233343536373839302a303030652a544b2c2321414d527d017d027d037d047d05ff5d';
const TK_PLAIN = '5b43532a313233343536373839302a303030652a544b2c2321414d527d5b5d2c2aff5d';

describe('watch link (LK)', () => {
  const frame = ascii(LK);
  const d = watch.decode(frame);

  it('places [, vendor, id, length, type and ]', () => {
    expect(range(d.tree, 'watch.start')).toEqual([0, 1, '[']);
    expect(range(d.tree, 'watch.vendor')).toEqual([1, 3, '3G']);
    expect(range(d.tree, 'watch.id')).toEqual([4, 14, '4700186508']);
    expect(range(d.tree, 'watch.length')).toEqual([15, 19, 11]);
    expect(range(d.tree, 'watch.type')).toEqual([20, 22, 'LK']);
    expect(range(d.tree, 'watch.end')).toEqual([31, 32, ']']);
    expect(d.deviceId).toBe('4700186508');
    expect(d.messageType).toBe('link');
    expect(uncovered(d.tree, frame.length)).toEqual([]);
    expect(d.issues).toEqual([]);
  });

  it('reads steps, tumbles and battery, with no position', () => {
    expect(range(d.tree, 'watch.link.steps')).toEqual([23, 24, '0']);
    expect(range(d.tree, 'watch.link.battery')).toEqual([28, 31, '100']);
    expect(d.attributes).toEqual({ steps: 0, batteryLevel: 100 });
    expect(d.positions).toEqual([]);
  });

  it('is echoed as [XX*id*0002*LK]', () => {
    expect(answer(LK)).toBe('[3G*4700186508*0002*LK]');
  });

  it('flags a length field that disagrees with the content (WatchProtocolDecoderTest.java:119)', () => {
    const dd = watch.decode(ascii('[SG*9081000548*0009*LK,0,100]'));
    expect(dd.issues.map((i) => i.id)).toEqual(['watch.length_mismatch']);
    expect(dd.attributes).toEqual({});
    expect(answer('[SG*9081000548*0009*LK,0,100]')).toBe('[SG*9081000548*0002*LK]');
  });
});

describe('watch location (UD2)', () => {
  const frame = ascii(UD2);
  const d = watch.decode(frame);

  it('decodes date, time, signed coordinates and the fix', () => {
    expect(range(d.tree, 'watch.type')).toEqual([20, 23, 'UD2']);
    expect(range(d.tree, 'watch.location.date')).toEqual([24, 30, '210716']);
    expect(range(d.tree, 'watch.location.time')).toEqual([31, 37, '231601']);
    expect(range(d.tree, 'watch.location.latitude')).toEqual([40, 50, -33.480366]);
    expect(range(d.tree, 'watch.location.longitude')).toEqual([53, 64, -70.7630692]);
    expect(d.positions).toEqual([{ time: '2016-07-21T23:16:01.000Z', valid: false, lat: -33.480366, lon: -70.763069, speedKnots: 0, course: 0, altitude: 0, satellites: 0 }]);
    expect(d.attributes).toEqual({ sat: 0, rssi: 100, batteryLevel: 34, steps: 0 });
  });

  it('groups the base stations after the status word', () => {
    expect(range(d.tree, 'watch.location.status')).toEqual([93, 101, 0]);
    expect(range(d.tree, 'watch.location.cells').slice(0, 2)).toEqual([102, 161]);
    const cells = [...walk(d.tree)].filter((n) => n.id === 'watch.location.cell');
    expect(cells.map((n) => [n.start, n.end])).toEqual([[114, 129], [130, 145], [146, 161]]);
    expect(uncovered(d.tree, frame.length)).toEqual([]);
    expect(watch.respond(frame, d)).toBeNull();
  });

  it('groups Wi-Fi hotspots and keeps the trailing accuracy (WatchProtocolDecoderTest.java:61)', () => {
    const f = ascii('[3G*2104326058*00E9*UD_LTE,300621,135101,A,32.162652,N,34.888748,E,30.84,265.158,65.621,18,100,83,0,0,00000000,1,1,425,01,10223,8012811,100,3,ES4104,22:74:1d:39:64:ff,-46,metropoline-wifi,a8:3f:a1:e0:66:ba,-89,Egged.co.il,00:0c:42:51:cf:cd,-81,1.7055488]');
    const dd = watch.decode(f);
    expect(range(dd.tree, 'watch.location.wifi').slice(0, 2)).toEqual([140, 243]);
    expect([...walk(dd.tree)].filter((n) => n.id === 'watch.location.wifi_name').map((n) => n.value)).toEqual(['ES4104', 'metropoline-wifi', 'Egged.co.il']);
    expect(range(dd.tree, 'watch.location.extra')).toEqual([244, 253, '1.7055488']);
    expect(dd.positions[0]).toMatchObject({ valid: true, lat: 32.162652, lon: 34.888748, course: 265.158, altitude: 65.621, satellites: 18 });
    expect(dd.positions[0]!.speedKnots).toBeCloseTo(30.84 / 1.852, 6);
    expect(uncovered(dd.tree, f.length)).toEqual([]);
  });

  it('makes a coordinate with W negative (WatchProtocolDecoderTest.java:73)', () => {
    const dd = watch.decode(ascii('[3G*2104134718*00A1*UD_WCDMA,161019,134938,A,43.373367,N,71.157615,W,22.0,350.206,279.717,17,28,79,0,0,00000000,1,1,310,410,23999,132013696,28,1,Home2,60:45:cb:cb:34:68,-93,8.263865]'));
    expect(dd.positions[0]).toMatchObject({ lat: 43.373367, lon: -71.157615 });
  });
});

describe('watch alarm (AL) with a message index', () => {
  const frame = ascii(AL);
  const d = watch.decode(frame);

  it('reads the index between id and length', () => {
    expect(range(d.tree, 'watch.vendor')).toEqual([1, 3, 'ZJ']);
    expect(range(d.tree, 'watch.index')).toEqual([20, 24, '0003']);
    expect(range(d.tree, 'watch.length')).toEqual([25, 29, 275]);
    expect(range(d.tree, 'watch.type')).toEqual([30, 32, 'AL']);
    expect(d.issues).toEqual([]);
  });

  it('takes the alarm from the status word (bit 20: watch removed)', () => {
    const status = findNode(d.tree, 'watch.location.status')!;
    expect([status.start, status.end, status.value]).toEqual([91, 99, 0x00100000]);
    expect(status.children!.find((c) => c.id === 'watch.location.removal_alarm')!.value).toBe(1);
    expect(d.attributes.alarm).toBe('removing');
    expect(d.positions).toHaveLength(1);
  });

  it('is answered with AL, index kept', () => {
    expect(answer(AL)).toBe('[ZJ*689466020014198*0003*0002*AL]');
  });

  it('gives a general alarm when the status names none (WatchProtocolDecoderTest.java:76 with the status cleared)', () => {
    const dd = watch.decode(ascii('[ZJ*014111001332708*0075*0064*AL,040418,052156,A,22.536207,N,113.938673,E,0,0,0,5,100,82,1000,50,00000000,1,255,460,0,9340,3663,35]'));
    expect(dd.attributes.alarm).toBe('general');
  });
});

describe('watch health, voice and other types', () => {
  it('reads heart rate, blood pressure, blood oxygen and body temperature', () => {
    expect(watch.decode(ascii('[CS*8800000015*0008*PULSE,72]')).attributes).toEqual({ heartRate: 72 });
    const bp = watch.decode(ascii('[3G*4700609403*0013*bphrt,120,79,73,,,,]'));
    expect(bp.attributes).toEqual({ pressureHigh: 120, pressureLow: 79, heartRate: 73 });
    expect(range(bp.tree, 'watch.health.pressure_low')).toEqual([30, 32, '79']);
    expect(watch.decode(ascii('[3G*9705141740*000B*oxygen,0,98]')).attributes).toEqual({ bloodOxygen: 98 });
    expect(watch.decode(ascii('[3G*2104326058*000E*btemp2,1,35.29]')).attributes).toEqual({ temp1: 35.29 });
    expect(watch.decode(ascii('[3G*2104326058*000E*btemp2,0,35.29]')).attributes).toEqual({});
  });

  it('echoes TKQ (WatchProtocolDecoderTest.java:128)', () => {
    const d = watch.decode(ascii('[3G*8800000015*0003*TKQ]'));
    expect(d.messageType).toBe('voice query');
    expect(d.positions).toEqual([]);
    expect(answer('[3G*8800000015*0003*TKQ]')).toBe('[3G*8800000015*0003*TKQ]');
    expect(answer('[3G*8800000015*0004*TKQ2]')).toBe('[3G*8800000015*0004*TKQ2]');
  });

  it('decodes escaped TK audio on the wire: the audio node spans the escapes', () => {
    const f = fromHex(TK_WIRE);
    const d = watch.decode(f);
    expect(range(d.tree, 'watch.length')).toEqual([15, 19, 14]);
    expect(range(d.tree, 'watch.media.audio')).toEqual([23, 39, '2321414d527d5b5d2c2aff']);
    expect(range(d.tree, 'watch.end')).toEqual([39, 40, ']']);
    expect(d.issues).toEqual([]);
    expect(uncovered(d.tree, f.length)).toEqual([]);
    expect(toHex(watch.plain!(f))).toBe(TK_PLAIN);
    expect(watch.respond(f, d)).toBeNull();
  });

  it('decodes the same audio already unescaped (WatchProtocolDecoderTest.java:185)', () => {
    const d = watch.decode(fromHex(TK_PLAIN));
    expect(range(d.tree, 'watch.media.audio')).toEqual([23, 34, '2321414d527d5b5d2c2aff']);
    expect(d.issues).toEqual([]);
    expect(toHex(watch.plain!(fromHex(TK_PLAIN)))).toBe(TK_PLAIN);
  });

  it('shows an unknown type as text fields with an issue', () => {
    const d = watch.decode(ascii('[3G*8800000015*0009*FOO,1,abc]'));
    expect(d.issues.map((i) => i.id)).toEqual(['watch.unknown_type']);
    expect([...walk(d.tree)].filter((n) => n.id === 'watch.field').map((n) => n.value)).toEqual(['1', 'abc']);
  });

  it('keeps a frame without its closing ] and says so', () => {
    const f = ascii('[3G*8800000015*0009*LK,0,0,5');
    const d = watch.decode(f);
    expect(d.issues.map((i) => i.id)).toContain('watch.no_end');
    expect(findNode(d.tree, 'watch.type')!.value).toBe('LK');
    for (const n of walk(d.tree)) expect(n.end).toBeLessThanOrEqual(f.length);
  });
});

describe('watch splitter', () => {
  it('cuts every frame of one chunk (WatchFrameDecoderTest.java:13)', () => {
    const b = fromHex(corpus.find((f) => f.source === 'WatchFrameDecoderTest.java:13')!.hex);
    const r = watch.split(b);
    expect(r.frames.map((s) => latin1(b.subarray(s.start, s.end)).slice(0, 24))).toEqual(['[3G*9705141740*0009*LK,0', '[3G*9705141740*005A*UD,1', '[3G*9705141740*0003*TKQ]', '[3G*9705141740*0009*LK,0']);
    expect(r.consumed).toBe(b.length);
  });

  it('waits for the rest of a frame, then cuts it', () => {
    const lk = ascii(LK);
    expect(watch.split(lk.subarray(0, 25))).toEqual({ frames: [], garbage: [], consumed: 0 });
    expect(watch.split(concatBytes(lk, lk.subarray(0, 10)))).toEqual({ frames: [{ start: 0, end: 32 }], garbage: [], consumed: 32 });
  });

  it('resynchronises after garbage and reports it', () => {
    const r = watch.split(concatBytes(ascii('\r\nxx[zz'), ascii(LK)));
    expect(r.garbage).toEqual([{ start: 0, end: 4 }, { start: 4, end: 7 }]);
    expect(r.frames).toEqual([{ start: 7, end: 39 }]);
  });

  it('cuts binary content holding ] by its length field', () => {
    const plain = fromHex(TK_PLAIN);
    expect(watch.split(concatBytes(plain, ascii(LK))).frames).toEqual([{ start: 0, end: 35 }, { start: 35, end: 67 }]);
    expect(watch.split(plain.subarray(0, 30))).toEqual({ frames: [], garbage: [], consumed: 0 });
  });

  it('counts an escape pair as one content byte', () => {
    const wire = fromHex(TK_WIRE);
    expect(watch.split(concatBytes(wire, ascii(LK))).frames).toEqual([{ start: 0, end: 40 }, { start: 40, end: 72 }]);
  });

  it('cuts a text frame whose length field is wrong at the ] that ends it, not at a ] inside a Wi-Fi name (WatchFrameDecoderTest.java:17)', () => {
    const f = corpus.find((x) => x.source === 'WatchFrameDecoderTest.java:17')!;
    const b = concatBytes(fromHex(f.hex), ascii(LK));
    const r = watch.split(b);
    expect(toHex(b.subarray(r.frames[0]!.start, r.frames[0]!.end))).toBe(f.expect.frame);
    expect(r.frames[1]).toEqual({ start: 328, end: 360 });
  });
});

describe('watch detection', () => {
  it('explains its score with evidence', () => {
    const [c] = detect(ascii(UD2), { transport: 'tcp' }, PROTOCOLS);
    expect(c!.protocol).toBe('watch');
    expect(c!.score).toBeGreaterThan(0.9);
    expect(c!.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['header [3G*<id>*<length>*', 'known message type UD2', 'length 0x008D matches the closing ]']));
  });

  it('scores 0 for bytes without the [XX*id*len* header', () => {
    expect(watch.detect(ascii('[3G-4700186508*000B*LK]'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(watch.detect(ascii('[3G*4700186508*00ZB*LK]'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
    expect(watch.detect(ascii('(027028641389BP05000027028641389111205A3114.4664N12118.7276E000.0021807000.0000000000L00000000)'), { transport: 'tcp' })).toEqual({ score: 0, evidence: [] });
  });
});

describe('watch corpus', () => {
  it.each(corpus.filter((f) => f.stage === 'decoder').map((f) => [f.source, f] as const))('%s decodes with every byte covered, detected on top', (_s, f) => {
    const bytes = fromHex(wireHex(f));
    const d = watch.decode(bytes);
    for (const n of walk(d.tree)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeLessThanOrEqual(bytes.length);
    }
    expect(uncovered(d.tree, bytes.length)).toEqual([]);
    if (f.expect.position === false) expect(d.positions).toEqual([]);
    if (f.expect.position && f.check !== 'verifyAttributes') expect(d.positions.length).toBeGreaterThan(0);
    expect(detect(bytes, { transport: f.transport }, PROTOCOLS)[0]?.protocol).toBe('watch');
  });

  it.each(corpus.filter((f) => f.stage === 'frame_decoder').map((f) => [f.source, f] as const))('%s: the splitter cuts the expected frame', (_s, f) => {
    const bytes = fromHex(f.hex);
    const r = watch.split(bytes);
    const cut = bytes.subarray(r.frames[0]!.start, r.frames[0]!.end);
    expect(toHex(watch.plain!(cut))).toBe(f.expect.frame);
  });
});
