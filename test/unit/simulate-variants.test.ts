/** Simulator variants (`--variant`): another firmware's frame format, for the A/B comparison. */
import { describe, expect, it } from 'vitest';
import { getProtocol } from '../../parsers/index';
import { toHex } from '../../parsers/core/bytes';
import { checkOptions, parseSimulateArgs, parseVariant } from '../../src-main/engine/simulate/index';
import { avlData, teltonikaSim } from '../../src-main/engine/simulate/protocols/teltonika';
import { gt06Sim } from '../../src-main/engine/simulate/protocols/gt06';
import type { SimDevice } from '../../src-main/engine/simulate/protocols/types';
import { fixAt } from '../../src-main/engine/simulate/route';

const at = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
const fix = fixAt(3, 42, at);
const device = (variant: SimDevice['variant'], transport: 'tcp' | 'udp' = 'tcp'): SimDevice => ({ n: 3, id: teltonikaSim.deviceId(3), transport, serial: 7, variant });
const teltonika = getProtocol('teltonika')!;

describe('Teltonika Codec 8 Extended', () => {
  it('keeps Codec 8 byte for byte (one record, six IO elements, 47-byte record)', () => {
    const d = avlData(fix, 3);
    // What the Codec 8 encoder wrote before variants existed.
    expect(toHex(d)).toBe('08010000018f4cbb37a80007f6d9e51f4add400025010e0a0029000603ef01f0011504024232031800290110000f425e0001');
    expect(toHex(d.subarray(0, 2))).toBe('0801');
    expect(d.length).toBe(2 + 47 + 1);
    expect(toHex(avlData(fix, 3, { codec: '8' }))).toBe(toHex(d));
  });

  it.each(['tcp', 'udp'] as const)('8E over %s decodes without issues: the same record, 2-byte IO ids and counts', (transport) => {
    const f8 = teltonikaSim.position(device({}, transport), fix);
    const f8e = teltonikaSim.position(device({ codec: '8E' }, transport), fix);
    const a = teltonika.decode(f8.bytes, { transport, direction: 'up' });
    const b = teltonika.decode(f8e.bytes, { transport, direction: 'up' });
    expect(b.issues).toEqual([]);
    expect(b.messageType).toBe('location');
    expect(b.messageCode).toBe('0x8e');
    expect(b.positions).toEqual(a.positions);
    expect(b.attributes).toEqual(a.attributes);
    const ids = (t: typeof b.tree): string[] => t.flatMap((n) => [`${n.id}:${n.end - n.start}`, ...ids(n.children ?? [])]);
    expect(ids(b.tree)).toContain('teltonika.record.event_io:2');
    expect(ids(b.tree)).toContain('teltonika.io.id:2');
    expect(ids(a.tree)).toContain('teltonika.io.id:1');
    // The server answers 8E as it answers 8: the record count.
    expect(toHex(teltonika.respond(f8e.bytes, b)!)).toBe(toHex(teltonika.respond(f8.bytes, a)!));
  });

  it('the extra field is IO 113 (battery level) beside the six others', () => {
    for (const codec of ['8', '8E'] as const) {
      const f = teltonikaSim.position(device({ codec, extraField: true }), fix);
      const d = teltonika.decode(f.bytes, { transport: 'tcp', direction: 'up' });
      expect(d.issues).toEqual([]);
      const ids = JSON.stringify(d.tree);
      expect(ids).toContain('"teltonika.io.113"');
      expect(ids).toContain('"teltonika.io.16"');
    }
  });
});

describe('GT06 extra message', () => {
  it('0x94 information (external power), unanswered, decodes without issues', () => {
    const d: SimDevice = { n: 0, id: gt06Sim.deviceId(0), transport: 'tcp', serial: 5, variant: { extraMessage: true } };
    const f = gt06Sim.extra!(d, at)!;
    expect(f.expect).toBeNull();
    const gt06 = getProtocol('gt06')!;
    const dec = gt06.decode(f.bytes, { transport: 'tcp', direction: 'up' });
    expect(dec.issues).toEqual([]);
    expect(dec.messageType).toBe('information');
    expect(dec.attributes.power).toBeCloseTo(12.34, 2);
    expect(gt06.respond(f.bytes, dec)).toBeNull();
    expect(d.serial).toBe(6);
  });
});

describe('--variant', () => {
  it('parses codec, extra-field and extra-message; refuses the rest', () => {
    expect(parseVariant('codec=8e, extra-field')).toEqual({ codec: '8E', extraField: true });
    expect(parseVariant('extra-message')).toEqual({ extraMessage: true });
    expect(() => parseVariant('codec=16')).toThrow(/--variant expects codec=8\|8E, extra-field, extra-message, got 'codec=16'/);
    expect(parseSimulateArgs(['--protocol', 'teltonika', '--variant', 'codec=8E']).variant).toEqual({ codec: '8E' });
  });

  it('refuses a variant the protocol does not have', () => {
    const base = { devices: 1, intervalSec: 1, host: '127.0.0.1', port: 1 };
    expect(checkOptions({ ...base, protocol: 'gt06', variant: { codec: '8E' } })).toMatch(/gt06 has no 'codec' variant \(it has extraMessage\)/);
    expect(checkOptions({ ...base, protocol: 'h02', variant: { extraField: true } })).toMatch(/h02 has no 'extraField' variant$/);
    expect(checkOptions({ ...base, protocol: 'teltonika', variant: { codec: '8E', extraField: true } })).toBeNull();
    expect(() => parseSimulateArgs(['--protocol', 'gt06', '--variant', 'extra-field'])).toThrow(/gt06 has no 'extraField' variant/);
  });
});
