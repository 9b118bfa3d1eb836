import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { watch } from '../../../parsers/watch';
import { rawOffsetMinutes } from '../../../parsers/core/timezone';
import { CommandError } from '../../../parsers/core/commands';
import { concatBytes, latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { coverageGaps } from '../../corpus/evaluate';

interface Vector {
  protocol: string;
  source: string;
  command: { type: string; attributes?: Record<string, unknown> };
  expected_text?: string;
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'watch');

const cmds = watch.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, serial = 0, deviceId = DEVICE) => cmds.encode(type, attributes, { deviceId, serial, variant });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('watch commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(12));
  for (const v of vectors) {
    it(`${v.command.type} ${JSON.stringify(v.command.attributes ?? {})} (${v.source})`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {});
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
      const d = watch.decode(e.bytes, down);
      expect(d.deviceId).toBe(DEVICE);
      expect(d.issues.filter((i) => i.group === 'malformed' || i.group === 'checksum')).toEqual([]);
    });
  }
});

/** Each catalogue entry: attributes, variant, the frame text, the decoded message type. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, text: string, messageType: string]> = [
  ['positionSingle', {}, undefined, '[CS*123456789012345*0002*CR]', 'position request'],
  ['positionPeriodic', { frequency: 600 }, undefined, '[CS*123456789012345*000a*UPLOAD,600]', 'upload interval'],
  ['rebootDevice', {}, '3G', '[3G*123456789012345*0005*RESET]', 'reboot'],
  ['powerOff', {}, 'SG', '[SG*123456789012345*0008*POWEROFF]', 'power off'],
  ['sosNumber', { index: 2, phone: '+4917012345678' }, undefined, '[CS*123456789012345*0013*SOS2,+4917012345678]', 'SOS number 2'],
  ['alarmSos', { enable: true }, undefined, '[CS*123456789012345*0008*SOSSMS,1]', 'SOS SMS switch'],
  ['alarmBattery', { enable: false }, undefined, '[CS*123456789012345*0008*LOWBAT,0]', 'low battery alarm switch'],
  ['alarmRemove', { enable: true }, undefined, '[CS*123456789012345*0008*REMOVE,1]', 'removal alarm switch'],
  ['silenceTime', { data: '08:10-12:00,14:00-17:00' }, undefined, '[CS*123456789012345*0023*SILENCETIME,08:10-12:00,14:00-17:00]', 'silence time'],
  ['alarmClock', { data: '08:10-1-1' }, undefined, '[CS*123456789012345*0010*REMIND,08:10-1-1]', 'alarm clock'],
  ['setPhonebook', { data: '13800138000,Mum' }, undefined, '[CS*123456789012345*0013*PHB,13800138000,Mum]', 'phone book'],
  ['message', { message: 'Hi ä' }, undefined, '[CS*123456789012345*0018*MESSAGE,00480069002000e4]', 'text message'],
  ['voiceMessage', { data: '2321414d520a' }, undefined, '[CS*123456789012345*0009*TK,#!AMR\n]', 'voice message'],
  ['setTimezone', { timezone: 'Asia/Kolkata', language: 1 }, undefined, '[CS*123456789012345*0009*LZ,1,+5.5]', 'language and time zone'],
  ['setTimezone', { timezone: 'UTC' }, undefined, '[CS*123456789012345*0006*LZ,,+0]', 'language and time zone'],
  ['setIndicator', { data: '5' }, undefined, '[CS*123456789012345*0008*FLOWER,5]', 'reward flowers'],
  ['custom', { data: 'UPLOAD,300' }, undefined, '[CS*123456789012345*000a*UPLOAD,300]', 'upload interval'],
  ['rebootDevice', {}, 'ZJ', '[ZJ*123456789012345*0000*0005*RESET]', 'reboot'],
];

describe('watch commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual([]);
  });

  for (const [type, attributes, variant, text, messageType] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} → ${JSON.stringify(text)}`, () => {
      const e = enc(type, attributes, variant);
      expect(latin1(e.bytes)).toBe(text);
      const d = watch.decode(e.bytes, down);
      expect(d.messageType).toBe(messageType);
      expect(d.deviceId).toBe(DEVICE);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
      expect(watch.split(e.bytes).frames).toEqual([{ start: 0, end: e.bytes.length }]);
    });
  }

  it('numbers ZJ messages with the serial (four hex digits) and returns it', () => {
    const e = enc('rebootDevice', {}, 'ZJ', 0x1a);
    expect(latin1(e.bytes)).toBe('[ZJ*123456789012345*001a*0005*RESET]');
    expect(e.serial).toBe(0x1a);
    expect(at(watch.decode(e.bytes, down).tree, 'watch.index')).toEqual([20, 24, '001a']);
  });

  it('puts vendor, id, length and content on their bytes', () => {
    const d = watch.decode(enc('sosNumber', { index: 1, phone: '123456789' }).bytes, down);
    expect(at(d.tree, 'watch.vendor')).toEqual([1, 3, 'CS']);
    expect(at(d.tree, 'watch.id')).toEqual([4, 19, DEVICE]);
    expect(at(d.tree, 'watch.length')).toEqual([20, 24, 14]);
    expect(at(d.tree, 'watch.type')).toEqual([25, 29, 'SOS1']);
    expect(at(d.tree, 'watch.field')).toEqual([30, 39, '123456789']);
  });

  it('escapes } [ ] , * in voice audio, counts the escaped bytes and still cuts the frame where it ends', () => {
    const e = enc('voiceMessage', { data: '7d5b5d2c2a' });
    expect(toHex(e.bytes)).toBe('5b43532a3132333435363738393031323334352a303030642a544b2c7d017d027d037d047d055d');
    const d = watch.decode(e.bytes, down);
    expect(d.messageType).toBe('voice message');
    expect(at(d.tree, 'watch.media.audio')).toEqual([28, 38, '7d017d027d037d047d05']);
    const lk = Uint8Array.from('[CS*123456789012345*0002*LK]', (c) => c.charCodeAt(0));
    const both = concatBytes(lk, e.bytes);
    expect(watch.split(both).frames).toEqual([{ start: 0, end: lk.length }, { start: lk.length, end: both.length }]);
  });
});

describe('watch commands: time zones are standard offsets', () => {
  it('reads GMT offsets and IANA names the way Java raw offsets are', () => {
    expect(rawOffsetMinutes('GMT+4')).toBe(240);
    expect(rawOffsetMinutes('GMT-11:30')).toBe(-690);
    expect(rawOffsetMinutes('UTC+0545')).toBe(345);
    expect(rawOffsetMinutes('utc')).toBe(0);
    expect(rawOffsetMinutes('Europe/Amsterdam')).toBe(60);
    expect(rawOffsetMinutes('Europe/Dublin')).toBe(0);
    expect(rawOffsetMinutes('America/St_Johns')).toBe(-210);
    expect(rawOffsetMinutes('Australia/Sydney')).toBe(600);
    expect(rawOffsetMinutes('Etc/GMT-4')).toBe(240);
    expect(rawOffsetMinutes('GMT+24')).toBeNull();
    expect(rawOffsetMinutes('Mars/Olympus_Mons')).toBeNull();
  });
});

describe('watch commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['positionPeriodic', {}, /'frequency'/],
    ['positionPeriodic', { frequency: 5 }, /'frequency' must be at least 10/],
    ['sosNumber', { index: 4, phone: '123' }, /'index' must be at most 3/],
    ['sosNumber', { index: 1, phone: '12-34' }, /'phone'/],
    ['alarmSos', {}, /'enable'/],
    ['silenceTime', { data: '08:00]' }, /'data'/],
    ['message', {}, /'message'/],
    ['voiceMessage', { data: '23214' }, /'data'/],
    ['voiceMessage', { data: 'AMR!' }, /'data'/],
    ['setTimezone', {}, /'timezone'/],
    ['setTimezone', { timezone: 'Mars/Olympus_Mons' }, /'timezone' is not a time zone/],
    ['setTimezone', { timezone: 'GMT+1', language: -1 }, /'language' must be at least 0/],
    ['setIndicator', { data: 'many' }, /'data'/],
    ['custom', { data: 'WORK*1' }, /'data'/],
    ['custom', {}, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command or vendor and an id that does not fit', () => {
    expect(() => enc('engineStop')).toThrow(/watch has no command 'engineStop'; known: positionSingle/);
    expect(() => enc('rebootDevice', {}, 'XX')).toThrow(/watch has no variant 'XX'; known: CS, 3G, SG, ZJ/);
    expect(() => enc('rebootDevice', {}, undefined, 0, '12*34')).toThrow(/device id "12\*34"/);
    expect(() => enc('voiceMessage', { data: 'ff'.repeat(0x10000) })).toThrow(/does not fit the 4-hex-digit length/);
  });
});

