import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { meitrack } from '../../../parsers/meitrack';
import { COMMANDS } from '../../../parsers/meitrack/fields';
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
  .filter((v) => v.protocol === 'meitrack');

const cmds = meitrack.commands!;
const DEVICE = '123456789012345';
/** An IMEI that passes Luhn (the vectors' 123456789012345 does not, which the decoder notes). */
const IMEI = '353358017784062';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, deviceId = IMEI) => cmds.encode(type, attributes, { deviceId, serial: 0, variant });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('meitrack commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(3));
  for (const v of vectors) {
    it(`${v.command.type} (${v.source}) encodes to ${JSON.stringify(v.expected_text)}`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {}, undefined, DEVICE);
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
      const d = meitrack.decode(e.bytes, down);
      expect(d.issues.map((i) => i.id)).toEqual(['meitrack.imei_luhn']);
    });
  }
});

/** Each catalogue entry: attributes, variant, the frame text. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, text: string]> = [
  ['engineStop', {}, undefined, '@@A33,353358017784062,C01,0,12222*DC\r\n'],
  ['engineResume', {}, undefined, '@@A33,353358017784062,C01,0,02222*DB\r\n'],
  ['positionSingle', {}, undefined, '@@A25,353358017784062,A10*5A\r\n'],
  ['positionPeriodic', { frequency: 60 }, undefined, '@@A27,353358017784062,A12,6*C0\r\n'],
  ['positionPeriodic', { frequency: 0 }, undefined, '@@A27,353358017784062,A12,0*BA\r\n'],
  ['alarmArm', {}, undefined, '@@A33,353358017784062,C01,0,22122*DC\r\n'],
  ['alarmArm', {}, 'b21', '@@A27,353358017784062,B21,1*BC\r\n'],
  ['alarmDisarm', {}, 'outputs', '@@A33,353358017784062,C01,0,22022*DB\r\n'],
  ['alarmDisarm', {}, 'b21', '@@A27,353358017784062,B21,0*BB\r\n'],
  ['requestPhoto', {}, undefined, '@@A46,353358017784062,D03,1,camera_picture.jpg*1E\r\n'],
  ['requestPhoto', { index: 2 }, undefined, '@@A46,353358017784062,D03,2,camera_picture.jpg*1F\r\n'],
  ['sendSms', { phone: '+4917012345678', message: 'Hello there' }, undefined, '@@A54,353358017784062,C02,0,+4917012345678,Hello there*13\r\n'],
  ['getVersion', {}, undefined, '@@A25,353358017784062,E91*67\r\n'],
  ['rebootDevice', {}, undefined, '@@A25,353358017784062,F01*5F\r\n'],
  ['custom', { data: 'A11,6' }, undefined, '@@A27,353358017784062,A11,6*BF\r\n'],
];

describe('meitrack commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, variant, text] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} → ${JSON.stringify(text)}`, () => {
      const e = enc(type, attributes, variant);
      expect(latin1(e.bytes)).toBe(text);
      const d = meitrack.decode(e.bytes, down);
      const code = text.slice(22, 25);
      expect(d.messageCode).toBe(code);
      expect(d.messageType).toBe(COMMANDS[code]);
      expect(d.deviceId).toBe(IMEI);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
    });
  }

  it('puts flag, length, IMEI, command, parameters and the byte sum on their bytes', () => {
    const d = meitrack.decode(enc('engineStop').bytes, down);
    expect(at(d.tree, 'meitrack.start')).toEqual([0, 2, '@@']);
    expect(at(d.tree, 'meitrack.flag')).toEqual([2, 3, 'A']);
    expect(at(d.tree, 'meitrack.length')).toEqual([3, 5, 33]);
    expect(at(d.tree, 'meitrack.imei')).toEqual([6, 21, IMEI]);
    expect(at(d.tree, 'meitrack.command')).toEqual([22, 25, 'C01']);
    expect(at(d.tree, 'meitrack.parameters')).toEqual([26, 33, '0,12222']);
    expect(at(d.tree, 'meitrack.checksum')).toEqual([34, 36, 0xdc]);
    expect(at(d.tree, 'meitrack.end')).toEqual([36, 38, '\r\n']);
    expect(d.attributes).toEqual({ command: 'C01,0,12222' });
  });
});

describe('meitrack commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['positionPeriodic', {}, /'frequency'/],
    ['positionPeriodic', { frequency: 65 }, /'frequency' must be a multiple of 10 seconds, got 65/],
    ['positionPeriodic', { frequency: -10 }, /'frequency' must be at least 0/],
    ['requestPhoto', { index: 0 }, /'index' must be at least 1/],
    ['sendSms', { message: 'hi' }, /'phone'/],
    ['sendSms', { phone: '12345' }, /'message'/],
    ['sendSms', { phone: '12345', message: 'a*b' }, /'message'/],
    ['sendSms', { phone: '12345', message: 'a,b' }, /'message'/],
    ['custom', { data: 'A1' }, /'data'/],
    ['custom', { data: 'A11,6*' }, /'data'/],
    ['custom', {}, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command or variant and an id that is not an IMEI', () => {
    expect(() => enc('setTimezone')).toThrow(/meitrack has no command 'setTimezone'; known: engineStop/);
    expect(() => enc('alarmArm', {}, 'c01')).toThrow(/alarmArm has no variant 'c01'; known: outputs, b21/);
    expect(() => enc('engineStop', {}, 'b21')).toThrow(/engineStop has no variant 'b21'/);
    expect(() => enc('engineStop', {}, undefined, 'T333')).toThrow(/device id "T333"/);
  });
});
