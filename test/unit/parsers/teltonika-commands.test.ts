import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { teltonika } from '../../../parsers/teltonika';
import { CommandError } from '../../../parsers/core/commands';
import { toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { coverageGaps } from '../../corpus/evaluate';

interface Vector {
  protocol: string;
  source: string;
  command: { type: string; attributes?: Record<string, unknown> };
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'teltonika');

const cmds = teltonika.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}) => cmds.encode(type, attributes, { deviceId: DEVICE, serial: 0 });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('teltonika commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(2));
  for (const v of vectors) {
    it(`${v.command.type} ${JSON.stringify(v.command.attributes)} (${v.source})`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {});
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
    });
  }
});

/** Each catalogue entry: attributes, the packet, the command as the decoder shows it. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, hex: string, command: string]> = [
  ['engineStop', {}, '00000000000000130c01050000000b7365746469676f7574203101000087a2', 'setdigout 1'],
  ['engineResume', {}, '00000000000000130c01050000000b7365746469676f7574203001000017a3', 'setdigout 0'],
  ['rebootDevice', {}, '00000000000000100c01050000000863707572657365740100007a75', 'cpureset'],
  ['positionSingle', {}, '00000000000000110c0105000000096765747265636f72640100001805', 'getrecord'],
  ['getVersion', {}, '000000000000000e0c010500000006676574766572010000a4c2', 'getver'],
  ['getDeviceStatus', {}, '00000000000000110c0105000000096765747374617475730100008cd7', 'getstatus'],
  ['custom', { data: 'setdigout 11' }, '00000000000000140c01050000000c7365746469676f7574203131010000bed5', 'setdigout 11'],
  ['customHex', { data: 'FE 01 02' }, '000000000000000b0c010500000003fe01020100004db5', 'fe0102'],
];

describe('teltonika commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, hex, command] of SAMPLES) {
    it(`${type} → Codec 12 "${command}"`, () => {
      const e = enc(type, attributes);
      expect(toHex(e.bytes)).toBe(hex);
      const d = teltonika.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.messageCode).toBe('0x0c');
      expect(d.attributes).toEqual({ type: 5, command });
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
    });
  }

  it('puts length, codec, quantities, type, size, command and CRC on their bytes', () => {
    const d = teltonika.decode(enc('engineStop').bytes, down);
    expect(at(d.tree, 'teltonika.preamble')).toEqual([0, 4, 0]);
    expect(at(d.tree, 'teltonika.length')).toEqual([4, 8, 19]);
    expect(at(d.tree, 'teltonika.codec')).toEqual([8, 9, 0x0c]);
    expect(at(d.tree, 'teltonika.count')).toEqual([9, 10, 1]);
    expect(at(d.tree, 'teltonika.command.type')).toEqual([10, 11, 5]);
    expect(at(d.tree, 'teltonika.command.size')).toEqual([11, 15, 11]);
    expect(at(d.tree, 'teltonika.command.text')).toEqual([15, 26, 'setdigout 1']);
    expect(at(d.tree, 'teltonika.count2')).toEqual([26, 27, 1]);
    expect(at(d.tree, 'teltonika.crc')).toEqual([27, 31, 0x87a2]);
  });

  it('sends custom text of hex digit pairs as bytes (the reference behaviour) and other text as text', () => {
    expect(teltonika.decode(enc('custom', { data: '03030000000185E8' }).bytes, down).attributes.command).toBe('03030000000185e8');
    expect(teltonika.decode(enc('custom', { data: 'getinfo' }).bytes, down).attributes.command).toBe('getinfo');
  });
});

describe('teltonika commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['custom', {}, /'data'/],
    ['custom', { data: 'setdigout 1\u00e9' }, /'data'/],
    ['customHex', { data: 'fe0' }, /'data'/],
    ['customHex', { data: 'zz' }, /'data'/],
    ['customHex', {}, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command', () => {
    expect(() => enc('alarmArm')).toThrow(/teltonika has no command 'alarmArm'; known: engineStop/);
  });
});
