import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { h02 } from '../../../parsers/h02';
import { CommandError } from '../../../parsers/core/commands';
import { latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';

interface Vector {
  protocol: string;
  source: string;
  note?: string;
  command: { type: string; attributes?: Record<string, unknown> };
  expected_text: string;
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'h02');

const cmds = h02.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, deviceId = DEVICE) => cmds.encode(type, attributes, { deviceId, serial: 0, variant });
const text = (type: string, attributes: Record<string, unknown> = {}, variant?: string) => latin1(enc(type, attributes, variant).bytes);

describe('h02 commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(5));
  for (const v of vectors) {
    it(`${v.command.type} (${v.source}) encodes to ${v.expected_text}`, () => {
      // The vectors were made with the encoder's clock fixed at 01:02:03 (see each note).
      expect(v.note).toMatch(/01:02:03/);
      const e = enc(v.command.type, { ...v.command.attributes, time: '010203' });
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
    });
  }
});

/** Each catalogue entry: attributes, variant, the sentence, the decoded message type. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, sentence: string, messageType: string]> = [
  ['engineStop', { time: '130305' }, undefined, '*HQ,123456789012345,S20,130305,1,1#', 'engine control'],
  ['engineResume', { time: '130305' }, undefined, '*HQ,123456789012345,S20,130305,1,0#', 'engine control'],
  ['alarmArm', { time: '235959' }, undefined, '*HQ,123456789012345,SCF,235959,0,0#', 'arm/disarm'],
  ['alarmDisarm', { time: '000000' }, undefined, '*HQ,123456789012345,SCF,000000,1,1#', 'arm/disarm'],
  ['positionPeriodic', { time: '130305', frequency: 60 }, 's71', '*HQ,123456789012345,S71,130305,22,60#', 'set parameter'],
  ['positionPeriodic', { time: '130305', frequency: 60 }, 'd1', '*HQ,123456789012345,D1,130305,60#', 'tracking request'],
  ['positionPeriodic', { time: '130305', frequency: 1800 }, 's17', '*HQ,123456789012345,S17,130305,1800#', 'set interval'],
  ['positionSingle', { time: '130305' }, undefined, '*HQ,123456789012345,D1,130305,30,1#', 'tracking request'],
  ['positionSingle', {}, 'cr', '*HQ,123456789012345,CR#', 'position request'],
  ['rebootDevice', { time: '130305' }, 'r1', '*HQ,123456789012345,R1,130305#', 'restart'],
  ['rebootDevice', {}, 'cq', '*HQ,123456789012345,CQ#', 'restart'],
  ['engineStop', { time: '130305', vendor: 'TH' }, undefined, '*TH,123456789012345,S20,130305,1,1#', 'engine control'],
  ['custom', { data: 'S26,130305,0' }, undefined, '*HQ,123456789012345,S26,130305,0#', 'S26'],
];

describe('h02 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, variant, sentence, messageType] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} → ${sentence}`, () => {
      const e = enc(type, attributes, variant);
      expect(latin1(e.bytes)).toBe(sentence);
      const d = h02.decode(e.bytes, down);
      expect(d.messageType).toBe(messageType);
      expect(d.deviceId).toBe(DEVICE);
      expect(d.issues.filter((i) => i.group === 'malformed' || i.group === 'checksum')).toEqual([]);
      if (type !== 'custom') {
        expect(d.issues).toEqual([]);
        expect(d.attributes.command).toBe(sentence.slice(sentence.indexOf(',', 4) + 1, -1));
      }
    });
  }

  it('puts the command time and each argument on their bytes', () => {
    const d = h02.decode(enc('engineStop', { time: '130305' }).bytes, down);
    const at = (id: string) => {
      const n = findNode(d.tree, id)!;
      return [n.start, n.end, n.value];
    };
    expect(at('h02.type')).toEqual([20, 23, 'S20']);
    expect(at('h02.command')).toEqual([24, 34, undefined]);
    expect(at('h02.command.time')).toEqual([24, 30, '130305']);
    const args = [...(findNode(d.tree, 'h02.command')!.children ?? [])].filter((n) => n.id === 'h02.command.argument');
    expect(args.map((n) => [n.start, n.end, n.value, n.label])).toEqual([
      [31, 32, '1', 'Argument 1'],
      [33, 34, '1', 'Argument 2'],
    ]);
  });
});

describe('h02 commands: the time', () => {
  afterEach(() => vi.useRealTimers());

  it('is the current UTC time when not given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-06T07:08:09Z'));
    expect(text('engineStop')).toBe('*HQ,123456789012345,S20,070809,1,1#');
    expect(text('positionPeriodic', { frequency: 10 })).toBe('*HQ,123456789012345,S71,070809,22,10#');
  });
});

describe('h02 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, message: RegExp]> = [
    ['engineStop', { time: '240000' }, undefined, /'time'/],
    ['engineStop', { time: '1234' }, undefined, /'time'/],
    ['engineStop', { vendor: 'H' }, undefined, /'vendor'/],
    ['positionPeriodic', { time: '010203' }, undefined, /'frequency'/],
    ['positionPeriodic', { frequency: 0 }, undefined, /'frequency' must be at least 1/],
    ['positionPeriodic', { frequency: 10 }, 's17', /'frequency' must be at least 30 for S17/],
    ['positionPeriodic', { frequency: 'ten' }, undefined, /'frequency' must be a whole number/],
    ['custom', { data: 'S26,130305#' }, undefined, /'data'/],
    ['custom', {}, undefined, /'data'/],
  ];
  for (const [type, attributes, variant, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes, variant)).toThrow(CommandError);
      expect(() => enc(type, attributes, variant)).toThrow(message);
    });
  }

  it('refuses a device id that would break the sentence, an unknown type or variant', () => {
    expect(() => enc('engineStop', { time: '010203' }, undefined, '1234,5')).toThrow(/device id "1234,5"/);
    expect(() => enc('setTimezone')).toThrow(/h02 has no command 'setTimezone'/);
    expect(() => enc('engineStop', {}, 'd1')).toThrow(/engineStop has no variant 'd1'/);
  });
});
