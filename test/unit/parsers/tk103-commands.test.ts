import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tk103 } from '../../../parsers/tk103';
import { CommandError } from '../../../parsers/core/commands';
import { latin1, toHex } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';
import { coverageGaps } from '../../corpus/evaluate';

interface Vector {
  protocol: string;
  source: string;
  command: { type: string; attributes?: Record<string, unknown> };
  encoder_args?: unknown[];
  expected_text: string;
  expected_hex: string;
}

const vectors = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector)
  .filter((v) => v.protocol === 'tk103');

const cmds = tk103.commands!;
const DEVICE = '123456789012345';
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string, deviceId = DEVICE) => cmds.encode(type, attributes, { deviceId, serial: 0, variant });
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('tk103 commands: corpus vectors', () => {
  it('has the vectors, in both forms', () => {
    expect(vectors.length).toBe(20);
    expect(vectors.filter((v) => v.encoder_args?.[0] === true).length).toBe(11);
  });
  for (const v of vectors) {
    // Tk103ProtocolEncoder(protocol, true) forces the alternative form: the `alternative` variant here.
    const variant = v.encoder_args?.[0] === true ? 'alternative' : undefined;
    it(`${v.command.type}${variant ? ' (alternative)' : ''} (${v.source}) encodes to ${v.expected_text}`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {}, variant);
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
    });
  }
});

/** Each catalogue entry: attributes, variant, the text, the decoded message code. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, text: string, code: string]> = [
  ['engineStop', {}, undefined, '(123456789012345AV010)', 'AV01'],
  ['engineResume', {}, undefined, '(123456789012345AV011)', 'AV01'],
  ['outputControl', { data: '0' }, undefined, '(123456789012345AV000)', 'AV00'],
  ['positionSingle', {}, undefined, '(123456789012345AP00)', 'AP00'],
  ['positionSingle', {}, 'alternative', '[begin]sms2,*getposl*,[end]', 'sms2'],
  ['positionPeriodic', { frequency: 3600 }, undefined, '(123456789012345AR000E100000)', 'AR00'],
  ['positionPeriodic', {}, 'alternative', '[begin]sms2,*routetrack*99*,[end]', 'sms2'],
  ['positionStop', {}, undefined, '(123456789012345AR0000000000)', 'AR00'],
  ['getVersion', {}, undefined, '(123456789012345AP07)', 'AP07'],
  ['rebootDevice', {}, undefined, '(123456789012345AT00)', 'AT00'],
  ['setOdometer', {}, undefined, '(123456789012345AX01)', 'AX01'],
  ['powerOff', {}, undefined, '[begin]sms2,*turnoff*,[end]', 'sms2'],
  ['getDeviceStatus', {}, undefined, '[begin]sms2,*status*,[end]', 'sms2'],
  ['deviceIdentification', {}, undefined, '[begin]sms2,999999,[end]', 'sms2'],
  ['modeDeepSleep', { enable: true }, undefined, '[begin]sms2,*sleep*2*,[end]', 'sms2'],
  ['modeDeepSleep', { enable: false }, undefined, '[begin]sms2,*sleepoff*,[end]', 'sms2'],
  ['modePowerSaving', { enable: true }, undefined, '[begin]sms2,*sleepv*,[end]', 'sms2'],
  ['alarmSos', { enable: true }, undefined, '[begin]sms2,*soson*,[end]', 'sms2'],
  ['setConnection', { server: '203.0.113.7', port: 5002 }, undefined, '[begin]sms2,*setip*203*0*113*7*5002*,[end]', 'sms2'],
  ['sosNumber', { phone: '+4917012345678' }, undefined, '[begin]sms2,*master*123456*+4917012345678*,[end]', 'sms2'],
  ['custom', { data: 'AP07' }, undefined, '(123456789012345AP07)', 'AP07'],
  ['custom', { data: '*status*' }, 'alternative', '[begin]sms2,*status*,[end]', 'sms2'],
];

describe('tk103 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop', 'outputControl']);
    for (const c of cmds.list) expect(Object.keys(c.variants ?? {}).length).toBeGreaterThan(0);
  });

  for (const [type, attributes, variant, text, code] of SAMPLES) {
    it(`${type}${variant ? ` (${variant})` : ''} → ${text}`, () => {
      const e = enc(type, attributes, variant);
      expect(latin1(e.bytes)).toBe(text);
      const d = tk103.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.messageCode).toBe(code);
      if (code !== 'sms2') expect(d.deviceId).toBe(DEVICE);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
    });
  }

  it('uses the id the device reports, 12 characters as well as an IMEI', () => {
    const e = enc('engineStop', {}, undefined, '088047365460');
    expect(latin1(e.bytes)).toBe('(088047365460AV010)');
    const d = tk103.decode(e.bytes, down);
    expect([d.deviceId, d.messageCode, d.messageType]).toEqual(['088047365460', 'AV01', 'command']);
  });

  it('puts the id, the command and its parameters on their bytes', () => {
    const d = tk103.decode(enc('engineStop').bytes, down);
    expect(at(d.tree, 'tk103.device_id')).toEqual([1, 16, DEVICE]);
    expect(at(d.tree, 'tk103.command')).toEqual([16, 20, 'AV01']);
    expect(at(d.tree, 'tk103.parameters')).toEqual([20, 21, '0']);
    expect(at(d.tree, 'tk103.end')).toEqual([21, 22, ')']);
    const p = tk103.decode(enc('positionPeriodic', { frequency: 60 }).bytes, down);
    expect(at(p.tree, 'tk103.periodic.interval')).toEqual([20, 24, 60]);
    expect(at(p.tree, 'tk103.periodic.limit')).toEqual([24, 28, 0]);
  });

  it('reads the alternative wrapper: [begin], channel, SMS command, [end]', () => {
    const d = tk103.decode(enc('sosNumber', { phone: '+55555555555', devicePassword: '232323' }).bytes, down);
    expect(at(d.tree, 'tk103.sms.begin')).toEqual([0, 7, '[begin]']);
    expect(at(d.tree, 'tk103.sms.channel')).toEqual([7, 11, 'sms2']);
    expect(at(d.tree, 'tk103.sms.text')).toEqual([12, 40, '*master*232323*+55555555555*']);
    expect(at(d.tree, 'tk103.sms.end')).toEqual([41, 46, '[end]']);
    expect(d.attributes).toEqual({ command: '*master*232323*+55555555555*' });
    expect(d.summary).toBe('sms2 *master*232323*+55555555555*');
    const cut = tk103.decode(Uint8Array.from('[begin]sms2,*status', (c) => c.charCodeAt(0)), down);
    expect(cut.issues.map((i) => i.id)).toEqual(['tk103.missing_end']);
  });
});

describe('tk103 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, variant: string | undefined, message: RegExp]> = [
    ['positionPeriodic', {}, undefined, /'frequency'/],
    ['positionPeriodic', { frequency: 0 }, undefined, /'frequency' must be at least 1/],
    ['positionPeriodic', { frequency: 70000 }, undefined, /'frequency' must be at most 65535/],
    ['positionPeriodic', { frequency: 'often' }, undefined, /'frequency' must be a whole number/],
    ['outputControl', { data: '2' }, undefined, /'data' must be one of 0, 1/],
    ['outputControl', {}, undefined, /'data'/],
    ['alarmSos', {}, undefined, /'enable'/],
    ['alarmSos', { enable: 'yes' }, undefined, /'enable' must be true or false/],
    ['setConnection', { server: 'example.com', port: 5002 }, undefined, /'server'/],
    ['setConnection', { server: '1.2.3.4', port: 70000 }, undefined, /'port'/],
    ['sosNumber', { phone: 'mum' }, undefined, /'phone'/],
    ['sosNumber', { phone: '123456', devicePassword: 'secret' }, undefined, /'devicePassword'/],
    ['custom', { data: 'AV01)(x' }, undefined, /'data'/],
    ['custom', { data: 'reboot' }, undefined, /'data' must start with a 4-character command/],
    ['custom', {}, undefined, /'data'/],
  ];
  for (const [type, attributes, variant, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes, variant)).toThrow(CommandError);
      expect(() => enc(type, attributes, variant)).toThrow(message);
    });
  }

  it('refuses a form a command does not have, an unknown command and an id that does not fit', () => {
    expect(() => enc('engineStop', {}, 'alternative')).toThrow(/engineStop has no 'alternative' form; it has standard/);
    expect(() => enc('powerOff', {}, 'standard')).toThrow(/powerOff has no 'standard' form; it has alternative/);
    expect(() => enc('positionSingle', {}, 'sms')).toThrow(CommandError);
    expect(() => enc('selfDestruct')).toThrow(/tk103 has no command 'selfDestruct'; known: engineStop/);
    expect(() => enc('engineStop', {}, undefined, '12345(6')).toThrow(/device id/);
    // The alternative form carries no id, so any id will do.
    expect(latin1(enc('powerOff', {}, undefined, '').bytes)).toBe('[begin]sms2,*turnoff*,[end]');
  });
});
