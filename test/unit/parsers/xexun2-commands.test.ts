import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { xexun2 } from '../../../parsers/xexun2';
import { escapeFrame } from '../../../parsers/xexun2/commands';
import { CommandError } from '../../../parsers/core/commands';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { coverageGaps } from '../../corpus/evaluate';

interface Vector {
  protocol: string;
  source: string;
  stage: string;
  command?: { type: string; attributes?: Record<string, unknown> };
  input_hex?: string;
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'xexun2');

const cmds = xexun2.commands!;
const DEVICE = '123456789012345';
/** An IMEI that passes Luhn (the vectors' 123456789012345 does not, which the decoder notes). */
const IMEI = '862205051234567';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, serial = 0, deviceId = IMEI) => cmds.encode(type, attributes, { deviceId, serial });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('xexun2 commands: corpus vectors', () => {
  it('has the vectors: two commands and one frame-escaping pair', () => {
    expect(vectors.map((v) => v.stage)).toEqual(['frame_encoder', 'encoder', 'encoder']);
  });

  const framing = vectors.find((v) => v.stage === 'frame_encoder')!;
  it(`escapes fa af and fb bf between the flags (${framing.source})`, () => {
    expect(toHex(escapeFrame(fromHex(framing.input_hex!)))).toBe(framing.expected_hex);
  });

  for (const v of vectors.filter((x) => x.command)) {
    // The vectors carry serial 0x0001 (bytes 4-5), what the reference encoder writes.
    it(`${v.command!.type} (${v.source}) encodes with serial 1`, () => {
      const e = enc(v.command!.type, v.command!.attributes ?? {}, 1, DEVICE);
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBe(1);
      const d = xexun2.decode(e.bytes, down);
      expect(d.issues.map((i) => i.id)).toEqual(['xexun2.imei_luhn']);
    });
  }
});

/** Each catalogue entry: attributes, serial, the frame, the command as decoded. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, serial: number, hex: string, command: string]> = [
  ['positionPeriodic', { frequency: 60 }, 7, 'faaf0007000786220505123456700013f96e747261636b696e675f73656e643d36302c3630faaf', 'tracking_send=60,60'],
  ['powerOff', {}, 0, 'faaf0007000086220505123456700004febc6f663d31faaf', 'of=1'],
  ['rebootDevice', {}, 0xfaaf, 'faaf0007fbbf0186220505123456700005fddc7265736574faaf', 'reset'],
  ['custom', { data: 'upload=1' }, 2, 'faaf0007000286220505123456700008fd0c75706c6f61643d31faaf', 'upload=1'],
  ['customHex', { data: 'fa af 01 fb bf' }, 3, 'faaf0007000386220505123456700005fc9bfbbf0101fbbf02faaf', 'faaf01fbbf'],
];

describe('xexun2 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual([]);
  });

  for (const [type, attributes, serial, hex, command] of SAMPLES) {
    it(`${type} (serial ${serial}) → ${command}`, () => {
      const e = enc(type, attributes, serial);
      expect(toHex(e.bytes)).toBe(hex);
      expect(e.serial).toBe(serial);
      const d = xexun2.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.messageCode).toBe('0x0007');
      expect(d.deviceId).toBe(IMEI);
      expect(d.attributes).toEqual({ command });
      expect(d.summary).toBe(`server: ${command}`);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
      expect(xexun2.split(e.bytes).frames).toEqual([{ start: 0, end: e.bytes.length }]);
    });
  }

  it('puts type, serial, IMEI, length, checksum and the command text on their bytes', () => {
    const d = xexun2.decode(enc('powerOff', {}, 0x1234).bytes, down);
    expect(at(d.tree, 'xexun2.type')).toEqual([2, 4, 7]);
    expect(at(d.tree, 'xexun2.index')).toEqual([4, 6, 0x1234]);
    expect(at(d.tree, 'xexun2.imei')).toEqual([6, 14, `${IMEI}0`]);
    expect(at(d.tree, 'xexun2.properties')).toEqual([14, 16, 4]);
    expect(at(d.tree, 'xexun2.checksum')).toEqual([16, 18, 0xfebc]);
    expect(at(d.tree, 'xexun2.command')).toEqual([18, 22, 'of=1']);
    expect(at(d.tree, 'xexun2.end')).toEqual([22, 24, 0xfaaf]);
  });
});

describe('xexun2 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['positionPeriodic', {}, /'frequency'/],
    ['positionPeriodic', { frequency: 0 }, /'frequency' must be at least 1/],
    ['custom', { data: 'x'.repeat(1024) }, /'data' gives a body of 1024 bytes; the length field holds at most 1023/],
    ['custom', { data: 'r\u00e9set' }, /'data'/],
    ['custom', {}, /'data'/],
    ['customHex', { data: 'f' }, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes).slice(0, 40)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command and an id that is not a 15-digit IMEI', () => {
    expect(() => enc('engineStop')).toThrow(/xexun2 has no command 'engineStop'; known: positionPeriodic/);
    expect(() => enc('powerOff', {}, 0, '12345678901234')).toThrow(/not a 15-digit IMEI/);
  });
});
