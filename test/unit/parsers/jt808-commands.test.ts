import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jt808, deviceIdToPhone, phoneToDeviceId } from '../../../parsers/jt808';
import { CommandError } from '../../../parsers/core/commands';
import { fromHex, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import type { DecodedFrame } from '../../../parsers/core/types';

interface Vector {
  protocol: string;
  source: string;
  stage: 'encoder' | 'frame_encoder';
  setup?: string[];
  input_hex?: string;
  command?: { type: string; attributes?: Record<string, unknown> };
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'jt808');

const cmds = jt808.commands!;
const DEVICE = '123456789012345';
/** The vectors' id is no IMEI: its Luhn digit is 7, and a binary-IMEI phone carries 14 digits. */
const DECODED = phoneToDeviceId(deviceIdToPhone(DEVICE));
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, serial = 0, deviceId = DEVICE) => cmds.encode(type, attributes, { deviceId, serial, variant });
const ascii = (s: string) => toHex(Uint8Array.from(s, (c) => c.charCodeAt(0)));

/**
 * The catalogue entry a vector exercises. Traccar's `custom` is a model switch: BSJ sends the text
 * as 0x8300 (our `custom`, variant `text`), JC371 as 0x8900 (variant `jc371`), any other model
 * takes the data as a whole hex frame (our `customHex` without a message id). Its frame encoder
 * escapes what lies between the flags: our `customHex` does the same to a whole frame.
 */
function entry(v: Vector): [type: string, attributes: Record<string, unknown>, variant?: string] {
  if (v.stage === 'frame_encoder') return ['customHex', { data: v.input_hex }];
  const { type, attributes = {} } = v.command!;
  if (type !== 'custom') return [type, attributes];
  const setup = (v.setup ?? []).join();
  if (setup.includes('"BSJ"')) return ['custom', attributes, 'text'];
  if (setup.includes('"JC371"')) return ['custom', attributes, 'jc371'];
  return ['customHex', attributes];
}

describe('jt808 commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(5));
  for (const v of vectors) {
    const [type, attributes, variant] = entry(v);
    it(`${v.source}: ${type}${variant ? ` (${variant})` : ''} encodes to ${v.expected_hex}`, () => {
      expect(toHex(enc(type, attributes, variant).bytes)).toBe(v.expected_hex);
    });
  }
  it('the BSJ text vector is also the default custom', () => {
    const bsj = vectors.find((v) => (v.setup ?? []).join().includes('BSJ'))!;
    expect(toHex(enc('custom', bsj.command!.attributes).bytes)).toBe(bsj.expected_hex);
  });
});

const at = (d: DecodedFrame, id: string) => {
  const n = findNode(d.tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

/** Each catalogue entry: attributes, variant, expected message id, body hex, decoded message type. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, id: number, body: string, messageType: string]> = [
  ['engineStop', {}, undefined, 0x8105, 'f0', 'terminal control'],
  ['engineStop', {}, 'standard', 0x8105, 'f0', 'terminal control'],
  ['engineStop', {}, 'w15l', 0x8105, '64', 'terminal control'],
  ['engineStop', {}, 'vl300', 0x8105, ascii('#0;1'), 'terminal control'],
  ['engineResume', {}, undefined, 0x8105, 'f1', 'terminal control'],
  ['engineResume', {}, 'w15l', 0x8105, '65', 'terminal control'],
  ['engineResume', {}, 'vl300', 0x8105, ascii('#0;0'), 'terminal control'],
  ['rebootDevice', {}, undefined, 0x8105, '04', 'terminal control'],
  ['powerOff', {}, undefined, 0x8105, '03', 'terminal control'],
  ['factoryReset', {}, undefined, 0x8105, '05', 'terminal control'],
  ['positionSingle', {}, undefined, 0x8201, '', 'position query'],
  ['positionPeriodic', { frequency: 30 }, undefined, 0x8103, '01' + '00000029' + '04' + '0000001e', 'set parameters'],
  ['setParameter', { id: 0x0001, value: '60' }, undefined, 0x8103, '01' + '00000001' + '04' + '0000003c', 'set parameters'],
  ['setParameter', { id: 0x0031, format: 'word', value: 500 }, undefined, 0x8103, '01' + '00000031' + '02' + '01f4', 'set parameters'],
  ['setParameter', { id: 0x0050, format: 'byte', value: '7' }, undefined, 0x8103, '01' + '00000050' + '01' + '07', 'set parameters'],
  ['setParameter', { id: 0x0013, format: 'string', value: 'gps.example.com' }, undefined, 0x8103, '01' + '00000013' + '0f' + ascii('gps.example.com'), 'set parameters'],
  ['setParameter', { id: 0xf001, format: 'hex', value: '0a0b' }, undefined, 0x8103, '01' + '0000f001' + '02' + '0a0b', 'set parameters'],
  ['message', { message: 'Hello' }, undefined, 0x8300, '04' + ascii('Hello'), 'text'],
  ['message', { message: '断油电', flag: 0x0c }, undefined, 0x8300, '0c' + 'b6cfd3cdb5e7', 'text'],
  ['custom', { data: 'STATUS#' }, 'text', 0x8300, '01' + ascii('STATUS#'), 'text'],
  ['custom', { data: 'STATUS#' }, 'jc371', 0x8900, 'f0' + ascii('STATUS#'), 'pass-through down'],
  ['custom', { data: 'AT+GTQ' }, 'at', 0x8103, '01' + '0000f030' + '06' + ascii('AT+GTQ'), 'set parameters'],
  ['customHex', { messageId: 0x8105, data: 'f1' }, undefined, 0x8105, 'f1', 'terminal control'],
  ['statusQuery', {}, undefined, 0x8320, '', 'status query'],
  ['statusQuery', { data: '01' }, undefined, 0x8320, '01', 'status query'],
  ['carReturn', {}, undefined, 0x8410, '', 'car return'],
];

describe('jt808 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, variant, id, body, messageType] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} ${JSON.stringify(attributes)} → 0x${id.toString(16)} ${body || '(empty body)'}`, () => {
      const e = enc(type, attributes, variant, 0x0102);
      expect(e.serial).toBe(0x0102);
      const len = body.length / 2;
      const inner = `${id.toString(16).padStart(4, '0')}${len.toString(16).padStart(4, '0')}0b3a73ce2ff20102${body}`;
      expect(toHex(e.bytes).slice(2, 2 + inner.length)).toBe(inner);
      const d = jt808.decode(e.bytes, down);
      expect(d.messageType).toBe(messageType);
      expect(d.deviceId).toBe(DECODED);
      // Remarks: the binary IMEI in the phone field (info); a CC888 body is shown raw (layout unpublished).
      const cc888Body = (type === 'statusQuery' || type === 'carReturn') && len > 0;
      expect(d.issues.map((i) => `${i.group} ${i.id}`)).toEqual(['protocol jt808.phone_not_bcd', ...(cc888Body ? ['undecoded core.undecoded'] : [])]);
      if (len) expect(findNode(d.tree, 'jt808.checksum_computed')!.value).toBe(findNode(d.tree, 'jt808.checksum')!.value);
    });
  }

  it('shows the decoded values of each kind', () => {
    expect(jt808.decode(enc('engineStop').bytes, down).attributes.command).toBe(0xf0);
    expect(jt808.decode(enc('rebootDevice').bytes, down).attributes.command).toBe(4);
    const p = jt808.decode(enc('positionPeriodic', { frequency: 30 }).bytes, down);
    expect(at(p, 'jt808.parameters.id')).toEqual([14, 18, 0x29]);
    expect(at(p, 'jt808.parameters.value')).toEqual([19, 23, 30]);
    expect(jt808.decode(enc('message', { message: '断油电' }).bytes, down).attributes.text).toBe('断油电');
    expect(jt808.decode(enc('custom', { data: 'Test, Command, 123#' }).bytes, down).attributes.text).toBe('Test, Command, 123#');
  });

  it('escapes 7e and 7d in header and body, and the XOR covers the plain bytes', () => {
    const e = enc('customHex', { messageId: 0x8900, data: 'f07e7d' }, undefined, 0x7e7d);
    expect(toHex(e.bytes)).toMatch(/^7e890000030b3a73ce2ff27d027d01f07d027d01[0-9a-f]{2}7e$/);
    const d = jt808.decode(e.bytes, down);
    expect(d.issues.map((i) => i.id)).toEqual(['jt808.phone_not_bcd']);
    expect(at(d, 'jt808.header.serial')).toEqual([11, 15, 0x7e7d]);
    expect(findNode(d.tree, 'jt808.checksum_computed')!.value).toBe(findNode(d.tree, 'jt808.checksum')!.value);
  });

  it('puts a phone-number device id in the header as BCD, an IMEI as a binary number', () => {
    const e = enc('positionSingle', {}, undefined, 1, '13912345678');
    expect(toHex(e.bytes)).toBe('7e820100000139123456780001b27e');
    const d = jt808.decode(e.bytes, down);
    expect([d.deviceId, d.issues]).toEqual(['13912345678', []]);
    expect(DECODED).toBe('123456789012347');
    expect(jt808.decode(enc('positionSingle', {}, undefined, 1, '356307042441013').bytes, down).deviceId).toBe('356307042441013');
  });

  it('sends a whole frame as given, with its inner bytes escaped', () => {
    const frame = '7e820100000139123456780001b27e';
    expect(toHex(enc('customHex', { data: frame }).bytes)).toBe(frame);
    expect(enc('customHex', { data: frame }).serial).toBeUndefined();
  });
});

describe('jt808 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, message: RegExp]> = [
    ['positionPeriodic', {}, undefined, /'frequency'/],
    ['positionPeriodic', { frequency: 0 }, undefined, /'frequency' must be at least 1/],
    ['setParameter', { value: '1' }, undefined, /'id'/],
    ['setParameter', { id: 0x29, value: 'abc' }, undefined, /'value' must be a whole number/],
    ['setParameter', { id: 0x29, value: '70000', format: 'word' }, undefined, /'value' must be a whole number from 0 to 65535/],
    ['setParameter', { id: 0x29, value: '1', format: 'float' }, undefined, /'format' must be one of/],
    ['setParameter', { id: 0x29, value: 'xyz', format: 'hex' }, undefined, /'value' must be hex/],
    ['setParameter', { id: 0x13, value: 'x'.repeat(256), format: 'string' }, undefined, /'value' gives 256 bytes/],
    ['message', {}, undefined, /'message'/],
    ['message', { message: '😀' }, undefined, /'message' has "😀", which GBK cannot encode/],
    ['message', { message: 'x'.repeat(1023) }, undefined, /shorten 'message'/],
    ['message', { message: 'hi', flag: 256 }, undefined, /'flag'/],
    ['custom', { data: 'x'.repeat(256) }, 'at', /'data' gives 256 bytes/],
    ['customHex', { data: 'zz' }, undefined, /'data'/],
    ['customHex', { data: '7e0102' }, undefined, /'data' must be a whole frame/],
    ['customHex', { data: 'f0', messageId: 0x10000 }, undefined, /'messageId'/],
    ['statusQuery', { data: 'abc' }, undefined, /'data'/],
  ];
  for (const [type, attributes, variant, message] of bad) {
    it(`${type} ${JSON.stringify(attributes).slice(0, 40)} → ${message}`, () => {
      expect(() => enc(type, attributes, variant)).toThrow(CommandError);
      expect(() => enc(type, attributes, variant)).toThrow(message);
    });
  }

  it('refuses an unknown type or variant', () => {
    expect(() => enc('setTimezone')).toThrow(/jt808 has no command 'setTimezone'; known: engineStop/);
    expect(() => enc('engineStop', {}, 'bsj')).toThrow(/no variant 'bsj'; known: standard, w15l, vl300/);
  });

  it('decodes the corpus engine-stop vector as terminal control 0xf0', () => {
    const v = vectors.find((x) => x.command?.type === 'engineStop')!;
    const d = jt808.decode(fromHex(v.expected_hex), down);
    expect([d.messageType, d.attributes.command, d.deviceId]).toEqual(['terminal control', 0xf0, DECODED]);
  });
});
