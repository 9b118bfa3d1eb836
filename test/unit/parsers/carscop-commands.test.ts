import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { carscop } from '../../../parsers/carscop';
import { CommandError } from '../../../parsers/core/commands';
import { latin1 } from '../../../parsers/core/bytes';
import { findNode } from '../../../parsers/core/reader';

const cmds = carscop.commands!;
const down = { transport: 'tcp', direction: 'down' } as const;
const enc = (type: string, attributes: Record<string, unknown> = {}, variant?: string) => cmds.encode(type, attributes, { deviceId: '123456789012345', serial: 0, variant });
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('carscop commands', () => {
  it('has no corpus vectors: the downlink format is not published', () => {
    const lines = readFileSync(path.resolve(__dirname, '../../fixtures/corpus/commands.jsonl'), 'utf8').split('\n');
    expect(lines.filter((l) => l.includes('"protocol": "carscop"'))).toEqual([]);
  });

  it('holds custom text only, and says why', () => {
    expect(cmds.list.map((c) => c.type)).toEqual(['custom']);
    expect(cmds.list[0]!.doc).toMatch(/not published/);
  });

  it('sends the text exactly as given; decoded (down) as the command, every byte covered', () => {
    const e = enc('custom', { data: 'STATUS#' });
    expect(latin1(e.bytes)).toBe('STATUS#');
    expect(e.serial).toBeUndefined();
    const d = carscop.decode(e.bytes, down);
    expect([d.messageType, d.attributes.command, d.issues]).toEqual(['command', 'STATUS#', []]);
    const n = findNode(d.tree, 'carscop.downlink.command')!;
    expect([n.start, n.end, n.value]).toEqual([0, 7, 'STATUS#']);
  });

  it('still decodes a Carscop frame sent down (a proxy) as a Carscop frame', () => {
    // CarscopProtocolDecoderTest.java:16
    const frame = ascii('*040331141830UB05123456789012345061825A2934.0133N10627.2544E000.0040331309.62^');
    const d = carscop.decode(frame, down);
    expect([d.messageType, d.positions.length]).toEqual(['location', 1]);
  });

  it('bad attributes name the attribute', () => {
    expect(() => enc('custom')).toThrow(/'data'/);
    expect(() => enc('custom', { data: 'line\n' })).toThrow(/'data' must be printable ASCII/);
    expect(() => enc('custom', { data: 'X' }, 'cctr')).toThrow(CommandError);
    expect(() => enc('positionSingle')).toThrow(/carscop has no command 'positionSingle'; known: custom/);
  });
});
