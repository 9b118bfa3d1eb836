import { describe, expect, it } from 'vitest';
import type { CommandDef } from '../../parsers/core/commands';
import type { CommandRecord, EngineEvent, RequestArg, RequestName, RequestResult, TrackwireApi } from '../../src-main/api/contract';
import { startEngineBridge } from '../../src-renderer/app/engineBridge';
import { shortcutFor } from '../../src-renderer/app/shortcuts';
import { createTrackwireStore, initialData, reducers } from '../../src-renderer/app/store';
import { commandById, isStaleCommand, mergeCommands, sendableSessions, spacedHex, targetProtocol } from '../../src-renderer/features/composer/model';
import { commandSchema, parseCommandDocument, sampleValue, schemaUri, templateFor, templateText } from '../../src-renderer/features/composer/schema';
import { EMPTY_KEYED } from '../../src-renderer/features/sessions/model';
import { STATUS, frame, session } from './renderer-fixtures';

/** A small catalogue in the shape the engine's listCommandTypes answers. */
const CATALOGUE: CommandDef[] = [
  {
    type: 'engineStop',
    label: 'Engine stop',
    doc: 'Cut the fuel pump relay',
    immobilises: true,
    attributes: { password: { type: 'string', description: 'Device password', pattern: '^\\d{6}$', default: '123456' } },
    variants: { relay: 'Relay,1#', dyd: 'DYD,<password>#' },
  },
  {
    type: 'positionPeriodic',
    label: 'Periodic positions',
    doc: 'Report the position every so many seconds',
    attributes: {
      frequency: { type: 'integer', description: 'Seconds between reports', minimum: 10, maximum: 18000 },
      unit: { type: 'string', description: 'Unit of the interval', enum: ['s', 'min'] },
    },
    required: ['frequency'],
  },
  { type: 'rebootDevice', label: 'Reboot', doc: 'Restart the device', attributes: {} },
];

function record(id: number, patch: Partial<CommandRecord> = {}): CommandRecord {
  return {
    id,
    protocol: 'gt06',
    type: 'positionPeriodic',
    label: 'Periodic positions',
    attributes: { frequency: 60 },
    deviceId: '123456789012345',
    sessionId: 'tcp-1',
    state: 'queued',
    createdAt: 1000 + id,
    expiresAt: 3_601_000 + id,
    sentAt: null,
    repliedAt: null,
    hex: null,
    serial: null,
    frameId: null,
    replyFrameId: null,
    reply: null,
    ...patch,
  };
}

describe('command schema', () => {
  const schema = commandSchema('gt06', CATALOGUE);

  it('has one oneOf branch per command type, its type fixed', () => {
    expect(schema.$id).toBe(schemaUri('gt06'));
    expect(schema.type).toBe('object');
    expect(schema.oneOf?.map((b) => b.properties?.type?.const)).toEqual(['engineStop', 'positionPeriodic', 'rebootDevice']);
    for (const branch of schema.oneOf ?? []) {
      expect(branch.required).toContain('type');
      expect(branch.additionalProperties).toBe(false);
      expect(branch.properties?.attributes?.additionalProperties).toBe(false);
    }
  });

  it('carries the attributes with their types, limits, enums, patterns and docs', () => {
    const periodic = schema.oneOf![1]!;
    const attrs = periodic.properties!.attributes!;
    expect(attrs.required).toEqual(['frequency']);
    expect(periodic.required).toEqual(['type', 'attributes']);
    expect(attrs.properties!.frequency).toMatchObject({ type: 'integer', minimum: 10, maximum: 18000, description: 'Seconds between reports' });
    expect(attrs.properties!.frequency!.markdownDescription).toBe('Seconds between reports (integer; at least 10, at most 18000)');
    expect(attrs.properties!.unit).toMatchObject({ type: 'string', enum: ['s', 'min'] });
    const stop = schema.oneOf![0]!;
    expect(stop.properties!.attributes!.properties!.password).toMatchObject({ type: 'string', pattern: '^\\d{6}$', default: '123456' });
    expect(stop.properties!.attributes!.required).toBeUndefined();
    expect(stop.required).toEqual(['type']);
  });

  it('describes each type for hovers, and warns of immobilising ones', () => {
    const [stop, periodic] = schema.oneOf!;
    expect(periodic!.properties!.type!.description).toBe('Periodic positions: Report the position every so many seconds');
    expect(periodic!.properties!.type!.markdownDescription).not.toContain('Immobilises');
    expect(stop!.properties!.type!.markdownDescription).toContain('**Immobilises the vehicle**');
    expect(stop!.title).toBe('Engine stop');
    expect(stop!.description).toBe('Cut the fuel pump relay');
  });

  it('offers the firmware variants as an enum with their formats', () => {
    const variant = schema.oneOf![0]!.properties!.variant!;
    expect(variant.enum).toEqual(['relay', 'dyd']);
    expect(variant.markdownEnumDescriptions).toEqual(['Relay,1#', 'DYD,<password>#']);
    expect(schema.oneOf![1]!.properties!.variant).toBeUndefined();
  });

  it('gives each branch its template as a snippet', () => {
    expect(schema.oneOf![1]!.defaultSnippets).toEqual([{ label: 'positionPeriodic', description: 'Periodic positions', body: { type: 'positionPeriodic', attributes: { frequency: 10 } } }]);
  });

  it('is plain JSON (the editor gets it through a worker)', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('an empty catalogue gives a schema no document matches', () => {
    expect(commandSchema('h02', []).oneOf).toEqual([]);
  });
});

describe('templates', () => {
  it('fill required attributes and those with defaults, and the first variant', () => {
    expect(templateFor(CATALOGUE[1]!)).toEqual({ type: 'positionPeriodic', attributes: { frequency: 10 } });
    expect(templateFor(CATALOGUE[0]!)).toEqual({ type: 'engineStop', attributes: { password: '123456' }, variant: 'relay' });
    expect(templateFor(CATALOGUE[2]!)).toEqual({ type: 'rebootDevice', attributes: {} });
    expect(templateText(CATALOGUE[2]!)).toBe('{\n  "type": "rebootDevice",\n  "attributes": {}\n}\n');
  });

  it('sample values: default, first choice, minimum, empty', () => {
    expect(sampleValue({ type: 'integer', description: '', minimum: 5, default: 60 })).toBe(60);
    expect(sampleValue({ type: 'string', description: '', enum: ['on', 'off'] })).toBe('on');
    expect(sampleValue({ type: 'number', description: '', minimum: -12 })).toBe(-12);
    expect(sampleValue({ type: 'integer', description: '' })).toBe(0);
    expect(sampleValue({ type: 'boolean', description: '' })).toBe(false);
    expect(sampleValue({ type: 'string', description: '' })).toBe('');
  });

  it('read back as the document they show', () => {
    for (const def of CATALOGUE) expect(parseCommandDocument(templateText(def))).toEqual({ ok: true, doc: templateFor(def) });
  });
});

describe('parseCommandDocument', () => {
  it('reads type, attributes and variant', () => {
    expect(parseCommandDocument('{ "type": "positionPeriodic", "attributes": { "frequency": 60 }, "variant": "x" }')).toEqual({
      ok: true,
      doc: { type: 'positionPeriodic', attributes: { frequency: 60 }, variant: 'x' },
    });
    expect(parseCommandDocument('{"type":"rebootDevice"}')).toEqual({ ok: true, doc: { type: 'rebootDevice', attributes: {} } });
  });

  it('says why a document cannot be sent', () => {
    const error = (text: string) => {
      const r = parseCommandDocument(text);
      return r.ok ? null : r.error;
    };
    expect(error('{ "type": ')).toMatch(/^Not valid JSON yet/);
    expect(error('[1]')).toMatch(/must be a JSON object/);
    expect(error('{ "attributes": {} }')).toMatch(/"type"/);
    expect(error('{ "type": "x", "attributes": 5 }')).toMatch(/"attributes" must be an object/);
    expect(error('{ "type": "x", "variant": 1 }')).toMatch(/"variant" must be a string/);
  });
});

describe('command records', () => {
  it('merge by id, oldest first, and keep the same object when nothing changed', () => {
    const a = mergeCommands(EMPTY_KEYED, [record(2), record(1)]);
    expect(a.list.map((c) => c.id)).toEqual([1, 2]);
    expect(mergeCommands(a, [])).toBe(a);
    expect(mergeCommands(a, [a.list[0]!])).toBe(a);
    const b = mergeCommands(a, [record(1, { state: 'sent', frameId: 7, hex: '7878' })]);
    expect(commandById(b, 1)).toMatchObject({ state: 'sent', frameId: 7 });
    expect(b.list.map((c) => c.id)).toEqual([1, 2]);
    expect(commandById(b, 3)).toBeUndefined();
  });

  it('a late answer never takes a command back (sendCommand racing the pushes, a list after a reconnect)', () => {
    const answered = record(1, { state: 'answered', frameId: 7, replyFrameId: 9, reply: 'OK' });
    const held = mergeCommands(EMPTY_KEYED, [answered]);
    expect(mergeCommands(held, [record(1, { state: 'sent', frameId: 7 })])).toBe(held);
    expect(mergeCommands(held, [record(1, { state: 'queued' })])).toBe(held);
    expect(isStaleCommand(record(1, { state: 'sent' }), record(1, { state: 'queued' }))).toBe(true);
    expect(isStaleCommand(record(1, { state: 'queued' }), record(1, { state: 'cancelled' }))).toBe(false);
    expect(isStaleCommand(record(1, { state: 'sent' }), record(1, { state: 'failed' }))).toBe(false);
  });

  it('enter the store from pushes and from listCommands, through the bridge', async () => {
    const listeners = new Set<(e: EngineEvent) => void>();
    const calls: RequestName[] = [];
    const api: TrackwireApi = {
      async request<K extends RequestName>(name: K, _arg: RequestArg<K>): Promise<RequestResult<K>> {
        calls.push(name);
        if (name === 'getStatus') return STATUS as RequestResult<K>;
        if (name === 'listCommands') return [record(1, { state: 'sent', frameId: 3 })] as RequestResult<K>;
        return [] as unknown as RequestResult<K>;
      },
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const store = createTrackwireStore();
    const stop = startEngineBridge(api, store);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toContain('listCommands');
    expect(store.getState().commands.list.map((c) => [c.id, c.state])).toEqual([[1, 'sent']]);
    for (const l of listeners) l({ type: 'commands', commands: [record(1, { state: 'answered', frameId: 3, replyFrameId: 4 }), record(2)] });
    expect(store.getState().commands.list.map((c) => [c.id, c.state])).toEqual([
      [1, 'answered'],
      [2, 'queued'],
    ]);
    expect(commandById(store.getState().commands, 1)?.replyFrameId).toBe(4);
    stop();
  });
});

describe('store: composer and frame links', () => {
  it('opens and closes the composer', () => {
    const target = { kind: 'session' as const, sessionId: 'tcp-1' };
    expect(reducers.openComposer(initialData, target)).toEqual({ composer: target });
    expect(reducers.openComposer({ ...initialData, composer: target }, target)).toEqual({});
    expect(reducers.openComposer({ ...initialData, composer: target }, null)).toEqual({ composer: null });
  });

  it('a command link selects its frame, dropping a filter that hides it', () => {
    const frames = [frame(1), frame(2, { sessionId: 's2' }), frame(3)];
    const store = createTrackwireStore();
    store.getState().framesAppended(frames, 3);
    store.getState().revealFrame(2);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: 1, revealing: false, filter: null });

    store.getState().setFilter({ kind: 'session', sessionId: 's1' });
    const seq = store.getState().filterSeq;
    store.getState().rowCountLoaded(seq, 2);
    store.getState().rowsLoaded(seq, 0, [frames[0]!, frames[2]!]);
    // Shown by the filter: selected at its row, the filter stays.
    store.getState().revealFrame(3);
    expect(store.getState().filter).not.toBeNull();
    expect(store.getState()).toMatchObject({ selectedFrameId: 3, selectedIndex: 1, revealing: false });
    // Hidden by it: selected at once; the filter goes when the engine says it hides the frame.
    store.getState().toggleFrameSelected(1, 0);
    store.getState().revealFrame(2);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: null, revealing: true });
    store.getState().frameLocated(seq, 2, -1);
    expect(store.getState().filter).toBeNull();
    expect(store.getState().filterSeq).toBe(seq + 1);
    expect(store.getState()).toMatchObject({ selectedFrameId: 2, selectedIndex: 1, revealing: false });
    expect(store.getState().multiSelection).toBeNull();
  });
});

describe('composer targets', () => {
  it('sends to open sessions whose protocol and device are known', () => {
    const sessions = [session(1), session(2, { state: 'closed' }), session(3, { deviceId: null }), session(4, { protocol: null })];
    expect(sendableSessions(sessions).map((s) => s.id)).toEqual([sessions[0]!.id]);
    expect(targetProtocol({ kind: 'session', sessionId: sessions[0]!.id }, sessions)).toBe(sessions[0]!.protocol);
    expect(targetProtocol({ kind: 'session', sessionId: null }, sessions)).toBeNull();
    expect(targetProtocol({ kind: 'device', deviceId: '1', protocol: 'h02' }, sessions)).toBe('h02');
  });

  it('shows hex in byte pairs', () => {
    expect(spacedHex('78780d01')).toBe('78 78 0d 01');
    expect(spacedHex('')).toBe('');
  });

  it('Ctrl+Shift+K opens the composer', () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(shortcutFor(key('K', { ctrlKey: true, shiftKey: true }))).toBe('composer');
    expect(shortcutFor(key('k', { metaKey: true, shiftKey: true }))).toBe('composer');
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('live-capture');
  });
});
