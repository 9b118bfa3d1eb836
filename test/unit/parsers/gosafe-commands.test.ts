import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gosafe } from '../../../parsers/gosafe';
import { CommandError } from '../../../parsers/core/commands';
import { latin1 } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';

const cmds = gosafe.commands!;
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string) => cmds.encode(type, attributes, { deviceId: '123456789012345', serial: 0, variant });
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('gosafe commands', () => {
  it('has no corpus vectors: the downlink format is not published', () => {
    const lines = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8').split('\n');
    expect(lines.filter((l) => l.includes('"protocol": "gosafe"'))).toEqual([]);
  });

  it('holds custom text only, and says why', () => {
    expect(cmds.list.map((c) => c.type)).toEqual(['custom']);
    expect(cmds.list[0]!.doc).toMatch(/not published/);
  });

  it('sends the text exactly as given; decoded (down) as the command, every byte covered', () => {
    const e = enc('custom', { data: '*GS06,DOO0;0#' });
    expect(latin1(e.bytes)).toBe('*GS06,DOO0;0#');
    expect(e.serial).toBeUndefined();
    const d = gosafe.decode(e.bytes, down);
    expect([d.messageType, d.attributes.command, d.issues]).toEqual(['command', '*GS06,DOO0;0#', []]);
    const n = findNode(d.tree, 'gosafe.downlink.command')!;
    expect([n.start, n.end]).toEqual([0, 13]);
  });

  it("decodes the server's 1234 acknowledgement (down) as ack, and leaves uplinks alone", () => {
    const d = gosafe.decode(ascii('1234'), down);
    expect([d.messageType, d.issues]).toEqual(['ack', []]);
    expect(findNode(d.tree, 'gosafe.downlink.ack')!.value).toBe('1234');
    expect(gosafe.decode(ascii('*GS16,351535058709775'), { transport: 'tcp', direction: 'up' }).messageType).toBe('heartbeat');
  });

  it('bad attributes name the attribute', () => {
    expect(() => enc('custom')).toThrow(/'data'/);
    expect(() => enc('custom', { data: '' })).toThrow(/'data' must be printable ASCII/);
    expect(() => enc('custom', { data: 'Ä' })).toThrow(CommandError);
    expect(() => enc('engineStop')).toThrow(/gosafe has no command 'engineStop'; known: custom/);
    expect(() => enc('custom', { data: 'X' }, 'v2')).toThrow(/no variant 'v2'/);
  });
});
