import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gps103 } from '../../../parsers/gps103';
import { CommandError } from '../../../parsers/core/commands';
import { latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { coverageGaps } from '../../corpus/evaluate';

interface Vector {
  protocol: string;
  source: string;
  command: { type: string; attributes?: Record<string, unknown> };
  expected_text: string;
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'gps103');

const cmds = gps103.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, deviceId = DEVICE) => cmds.encode(type, attributes, { deviceId, serial: 0 });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('gps103 commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(2));
  for (const v of vectors) {
    it(`${v.command.type} (${v.source}) encodes to ${v.expected_text}`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {});
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
    });
  }
});

/** Each catalogue entry: attributes, the text, the decoded command letter. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, text: string, code: string]> = [
  ['engineStop', {}, '**,imei:123456789012345,J', 'J'],
  ['engineResume', {}, '**,imei:123456789012345,K', 'K'],
  ['positionSingle', {}, '**,imei:123456789012345,B', 'B'],
  ['positionPeriodic', { frequency: 30 }, '**,imei:123456789012345,C,30s', 'C'],
  ['positionPeriodic', { frequency: 600 }, '**,imei:123456789012345,C,10m', 'C'],
  ['positionPeriodic', { frequency: 7200 }, '**,imei:123456789012345,C,02h', 'C'],
  ['positionStop', {}, '**,imei:123456789012345,A', 'A'],
  ['alarmArm', {}, '**,imei:123456789012345,L', 'L'],
  ['alarmDisarm', {}, '**,imei:123456789012345,M', 'M'],
  ['requestPhoto', {}, '**,imei:123456789012345,160', '160'],
  ['custom', { data: 'H,080' }, '**,imei:123456789012345,H,080', 'H'],
];

describe('gps103 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, text, code] of SAMPLES) {
    it(`${type} → ${text}`, () => {
      const e = enc(type, attributes);
      expect(latin1(e.bytes)).toBe(text);
      const d = gps103.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.messageCode).toBe(code);
      expect(d.deviceId).toBe(DEVICE);
      expect(d.issues).toEqual([]);
      expect(d.attributes.command).toBe(text.slice(24));
      expect(d.summary).toBe(`server: ${text.slice(24)}`);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
    });
  }

  it('puts the marker, the IMEI, the command and its parameter on their bytes', () => {
    const d = gps103.decode(enc('positionPeriodic', { frequency: 300 }).bytes, down);
    expect(at(d.tree, 'gps103.command.marker')).toEqual([0, 2, '**']);
    expect(at(d.tree, 'gps103.imei_prefix')).toEqual([3, 8, 'imei:']);
    expect(at(d.tree, 'gps103.imei')).toEqual([8, 23, DEVICE]);
    expect(at(d.tree, 'gps103.command.code')).toEqual([24, 25, 'C']);
    expect(at(d.tree, 'gps103.command.parameter')).toEqual([26, 29, '05m']);
  });

  it('reads the server answer with its delimiter too (the help-me acknowledgement)', () => {
    const d = gps103.decode(Uint8Array.from('**,imei:359586015829802,E;', (c) => c.charCodeAt(0)), down);
    expect([d.messageType, d.messageCode, d.deviceId]).toEqual(['command', 'E', '359586015829802']);
    expect(d.issues).toEqual([]);
  });
});

describe('gps103 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['positionPeriodic', {}, /'frequency'/],
    ['positionPeriodic', { frequency: 0 }, /'frequency' must be at least 1/],
    ['positionPeriodic', { frequency: 90 }, /'frequency' must be below 60 s, whole minutes below an hour or whole hours, got 90/],
    ['positionPeriodic', { frequency: 3660 }, /'frequency'/],
    ['positionPeriodic', { frequency: 100 * 3600 }, /'frequency' must be at most 356400/],
    ['custom', { data: 'H,080;' }, /'data'/],
    ['custom', {}, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command and an id that is not an IMEI', () => {
    expect(() => enc('rebootDevice')).toThrow(/gps103 has no command 'rebootDevice'; known: engineStop/);
    expect(() => enc('engineStop', {}, 'ABC')).toThrow(/device id "ABC" is not an IMEI/);
  });
});
