import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jt600 } from '../../../parsers/jt600';
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
  .filter((v) => v.protocol === 'jt600');

const cmds = jt600.commands!;
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}) => cmds.encode(type, attributes, { deviceId: '3045000001', serial: 0 });
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const at = (tree: Parameters<typeof findNode>[0], id: string) => {
  const n = findNode(tree, id);
  return n ? [n.start, n.end, n.value] : undefined;
};

describe('jt600 commands: corpus vectors', () => {
  it('has the vectors', () => expect(vectors.length).toBe(4));
  for (const v of vectors) {
    it(`${v.command.type} (${v.source}) encodes to ${v.expected_text}`, () => {
      const e = enc(v.command.type, v.command.attributes ?? {});
      expect(toHex(e.bytes)).toBe(v.expected_hex);
      expect(e.serial).toBeUndefined();
    });
  }
});

/** Each catalogue entry: attributes, the text, the decoded command code. */
const SAMPLES: Array<[type: string, attributes: Record<string, unknown>, text: string, code: string]> = [
  ['engineStop', {}, '(S07,0)', 'S07'],
  ['engineResume', {}, '(S07,1)', 'S07'],
  ['setTimezone', { timezone: 'America/New_York' }, '(S09,1,-300)', 'S09'],
  ['setTimezone', { timezone: 'GMT+5:30' }, '(S09,1,330)', 'S09'],
  ['setTimezone', { timezone: 'UTC' }, '(S09,1,0)', 'S09'],
  ['rebootDevice', {}, '(S17)', 'S17'],
  ['custom', { data: 'S07,1' }, '(S07,1)', 'S07'],
];

describe('jt600 commands: every catalogue entry encodes and decodes', () => {
  it('covers the whole catalogue with samples', () => {
    const sampled = new Set(SAMPLES.map((s) => s[0]));
    expect(cmds.list.map((c) => c.type).filter((t) => !sampled.has(t))).toEqual([]);
    expect(cmds.list.filter((c) => c.immobilises).map((c) => c.type)).toEqual(['engineStop']);
  });

  for (const [type, attributes, text, code] of SAMPLES) {
    it(`${type} ${JSON.stringify(attributes)} → ${text}`, () => {
      const e = enc(type, attributes);
      expect(latin1(e.bytes)).toBe(text);
      const d = jt600.decode(e.bytes, down);
      expect(d.messageType).toBe('command');
      expect(d.messageCode).toBe(code);
      expect(d.attributes).toEqual({ command: text.slice(1, -1) });
      expect(d.summary).toBe(`server: ${text.slice(1, -1)}`);
      expect(d.issues).toEqual([]);
      expect(coverageGaps(d.tree, e.bytes)).toEqual([]);
      expect(jt600.split(e.bytes).frames).toEqual([{ start: 0, end: e.bytes.length }]);
    });
  }

  it('puts the command and its parameters on their bytes', () => {
    const d = jt600.decode(enc('setTimezone', { timezone: 'America/New_York' }).bytes, down);
    expect(at(d.tree, 'jt600.start')).toEqual([0, 1, '(']);
    expect(at(d.tree, 'jt600.server.code')).toEqual([1, 4, 'S09']);
    const params = findNode(d.tree, 'jt600.report')!.children!.filter((n) => n.id === 'jt600.server.parameter');
    expect(params.map((n) => [n.start, n.end, n.value])).toEqual([
      [5, 6, 1],
      [7, 11, -300],
    ]);
    expect(at(d.tree, 'jt600.end')).toEqual([11, 12, ')']);
  });

  it('reads the answers a server sends the same way, and flags a cut one', () => {
    for (const [text, code] of [['(P35)', 'P35'], ['(P69,0,5)', 'P69'], ['(S39)', 'S39'], ['(S20)', 'S20']] as const) {
      const d = jt600.decode(ascii(text), down);
      expect([d.messageType, d.messageCode, d.issues]).toEqual(['command', code, []]);
    }
    expect(jt600.decode(ascii('(S07,0'), down).issues.map((i) => i.id)).toEqual(['jt600.unterminated']);
    expect(jt600.decode(ascii('(S99)'), down).issues.map((i) => i.id)).toEqual(['jt600.unknown_command']);
  });
});

describe('jt600 commands: bad attributes name the attribute', () => {
  const bad: Array<[type: string, attributes: Record<string, unknown>, message: RegExp]> = [
    ['setTimezone', {}, /'timezone'/],
    ['setTimezone', { timezone: 'Atlantis/Central' }, /'timezone' is not a time zone/],
    ['setTimezone', { timezone: 'GMT+25' }, /'timezone'/],
    ['custom', { data: '(S17)' }, /'data'/],
    ['custom', { data: 'S09,1=2' }, /'data'/],
    ['custom', {}, /'data'/],
  ];
  for (const [type, attributes, message] of bad) {
    it(`${type} ${JSON.stringify(attributes)} → ${message}`, () => {
      expect(() => enc(type, attributes)).toThrow(CommandError);
      expect(() => enc(type, attributes)).toThrow(message);
    });
  }

  it('refuses an unknown command', () => {
    expect(() => enc('positionSingle')).toThrow(/jt600 has no command 'positionSingle'; known: engineStop/);
  });
});
