import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gt06 } from '../../../parsers/gt06';
import { CommandError } from '../../../parsers/core/commands';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';

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
  .filter((v) => v.protocol === 'gt06');

const cmds = gt06.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, serial = 0) => cmds.encode(type, attributes, { deviceId: DEVICE, serial, variant });
const ascii = (s: string) => toHex(Uint8Array.from(s, (c) => c.charCodeAt(0)));

describe('gt06 commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(1));
  for (const v of vectors) {
    it(`${v.command.type} (${v.source}) encodes to the expected bytes`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {});
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBe(0);
    });
  }
});

describe('gt06 commands: the 0x80 frame', () => {
  it('computes length, command length, flag, serial and CRC: Relay,1# with serial 0x0102 and flag 0x0a0b0c0d', () => {
    const e = enc('engineStop', { serverFlag: 0x0a0b0c0d }, undefined, 0x10102);
    // Length 0x12 = type + 1 + 4 + 8 + serial + CRC; the caller's counter is cut to 16 bits.
    expect(toHex(e.bytes).slice(0, 20)).toBe('787812800c0a0b0c0d52');
    expect(e.serial).toBe(0x0102);
    const d = gt06.decode(e.bytes, down);
    expect(d.issues).toEqual([]);
    expect(d.messageType).toBe('command');
    expect(d.attributes.command).toBe('Relay,1#');
    expect(d.attributes.serial).toBe(0x0102);
    const flag = findNode(d.tree, 'gt06.command.server_flag')!;
    expect([flag.start, flag.end, flag.value]).toEqual([5, 9, 0x0a0b0c0d]);
    const crc = findNode(d.tree, 'gt06.crc')!;
    expect([crc.start, crc.end]).toEqual([e.bytes.length - 4, e.bytes.length - 2]);
  });

  it('appends the language word when asked (length grows by two)', () => {
    const e = enc('positionSingle', { language: 2 });
    // Length 0x12: type, command length, flag, WHERE#, language, serial, CRC.
    expect(toHex(e.bytes).slice(0, 10)).toBe('787812800a');
    const d = gt06.decode(e.bytes, down);
    expect(d.issues).toEqual([]);
    const lang = findNode(d.tree, 'gt06.command.language')!;
    expect([lang.start, lang.end, lang.value]).toEqual([15, 17, 2]);
  });
});

/** Each catalogue entry: the attributes to try, the variant, and the text the device gets. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, text: string]> = [
  ['engineStop', {}, undefined, 'Relay,1#'],
  ['engineStop', {}, 'relay', 'Relay,1#'],
  ['engineStop', { password: '654321' }, 'dyd', 'DYD,654321#'],
  ['engineResume', {}, 'relay', 'Relay,0#'],
  ['engineResume', {}, 'dyd', 'HFYD,123456#'],
  ['positionSingle', {}, undefined, 'WHERE#'],
  ['rebootDevice', {}, undefined, 'RESET#'],
  ['positionPeriodic', { frequency: 30 }, undefined, 'TIMER,30,30#'],
  ['positionPeriodic', { frequency: 10, frequencyStopped: 300 }, undefined, 'TIMER,10,300#'],
  ['positionPeriodic', { frequency: '60', frequencyStopped: 0 }, undefined, 'TIMER,60,0#'],
  ['setTimezone', { timezone: 'GMT+8' }, undefined, 'GMT,E,8,0#'],
  ['setTimezone', { timezone: 'UTC-03:30' }, undefined, 'GMT,W,3,30#'],
  ['setTimezone', { timezone: '+0545' }, undefined, 'GMT,E,5,45#'],
  ['setTimezone', { timezone: 'GMT' }, undefined, 'GMT,E,0,0#'],
  ['alarmArm', {}, undefined, 'SENALM,ON#'],
  ['alarmArm', { alarmMode: 1 }, undefined, 'SENALM,ON,1#'],
  ['alarmDisarm', {}, undefined, 'SENALM,OFF#'],
  ['custom', { data: 'PARAM#' }, undefined, 'PARAM#'],
];

describe('gt06 commands: every catalogue entry encodes and decodes as a 0x80 command', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set([...SAMPLES.map((s) => s[0]), 'customHex']);
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.find((c) => c.type === 'engineStop')!.immobilises).toBe(true);
  });

  for (const [type, attributes, variant, text] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} ${JSON.stringify(attributes)} → ${text}`, () => {
      const e = enc(type, attributes, variant, 7);
      const n = text.length;
      expect(toHex(e.bytes.subarray(0, 9))).toBe(`7878${(n + 10).toString(16).padStart(2, '0')}80${(n + 4).toString(16).padStart(2, '0')}00000000`);
      expect(toHex(e.bytes.subarray(9, 9 + n))).toBe(ascii(text));
      const d = gt06.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.attributes.command).toBe(text);
      expect(d.attributes.serial).toBe(7);
      expect(d.issues).toEqual([]);
    });
  }

  it('customHex frames raw content under any protocol number', () => {
    const content = '0b00000001' + ascii('STATUS#');
    const e = enc('customHex', { data: content }, undefined, 3);
    expect(toHex(e.bytes)).toMatch(new RegExp(`^78781180${content}0003[0-9a-f]{4}0d0a$`));
    const d = gt06.decode(e.bytes, down);
    expect(d.issues).toEqual([]);
    expect(d.attributes.command).toBe('STATUS#');

    const time = enc('customHex', { protocolNumber: 0x8a, data: '180102030405' });
    const t = gt06.decode(time.bytes, down);
    expect(t.messageType).toBe('time response');
    expect(t.issues).toEqual([]);
  });
});

describe('gt06 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, attribute: RegExp]> = [
    ['positionPeriodic', {}, undefined, /'frequency'/],
    ['positionPeriodic', { frequency: 2 }, undefined, /'frequency' must be at least 5/],
    ['positionPeriodic', { frequency: 30.5 }, undefined, /'frequency' must be a whole number/],
    ['positionPeriodic', { frequency: 30, frequencyStopped: 3 }, undefined, /'frequencyStopped'/],
    ['setTimezone', { timezone: 'Europe/Paris' }, undefined, /'timezone'/],
    ['setTimezone', { timezone: 'GMT+15' }, undefined, /'timezone'/],
    ['setTimezone', {}, undefined, /'timezone'/],
    ['custom', { data: 'Relé#' }, undefined, /'data'/],
    ['custom', { data: 'X'.repeat(246) }, undefined, /'data' has 246 characters/],
    ['engineStop', { password: 'a b' }, 'dyd', /'password'/],
    ['engineStop', { serverFlag: -1 }, undefined, /'serverFlag'/],
    ['engineStop', { language: 3 }, undefined, /'language'/],
    ['alarmArm', { alarmMode: 5 }, undefined, /'alarmMode'/],
    ['customHex', { data: 'xyz' }, undefined, /'data'/],
    ['customHex', { data: '00'.repeat(251) }, undefined, /'data' has 251 bytes/],
    ['customHex', { data: '00', protocolNumber: 256 }, undefined, /'protocolNumber'/],
  ];
  for (const [type, attributes, variant, message] of bad) {
    it(`${type} ${JSON.stringify(attributes).slice(0, 40)} → ${message}`, () => {
      expect(() => enc(type, attributes, variant)).toThrow(CommandError);
      expect(() => enc(type, attributes, variant)).toThrow(message);
    });
  }

  it('takes the longest text that fits and refuses an unknown type or variant', () => {
    const e = enc('custom', { data: 'X'.repeat(245) });
    expect(e.bytes[2]).toBe(0xff);
    expect(gt06.decode(e.bytes, down).issues).toEqual([]);
    expect(() => enc('sendSms')).toThrow(/gt06 has no command 'sendSms'; known: engineStop/);
    expect(() => enc('engineStop', {}, 'hfyd')).toThrow(/no variant 'hfyd'; known: relay, dyd/);
    expect(() => enc('rebootDevice', {}, 'relay')).toThrow(CommandError);
  });

  it('decodes the corpus vector itself as the engine-stop command', () => {
    const d = gt06.decode(fromHex(vectors[0]!.expected_hex), down);
    expect(d.attributes.command).toBe('Relay,1#');
  });
});
