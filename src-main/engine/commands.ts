/**
 * Downlink commands for live devices: encoded by the protocol's catalogue, sent to a connected
 * session or queued for a device until it connects (with an expiry), then matched to the
 * device's acknowledgement or answer. Life cycle: queued → sent → acknowledged | answered |
 * failed, or expired before it was sent.
 */
import { getProtocol } from '../../parsers/index';
import { CommandError, findCommand, type CommandDef } from '../../parsers/core/commands';
import type { DecodedFrame } from '../../parsers/core/types';
import { toHex } from '../../parsers/core/bytes';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './errors';
import type { CommandRecord, CommandRequest, CommandTemplate } from '../api/contract';

/** What the command queue needs from the engine's sessions. */
export interface CommandPort {
  /** An open session of the device (the newest), or null. */
  sessionOfDevice(deviceId: string): { id: string; protocol: string | null; deviceId: string | null } | null;
  session(id: string): { id: string; protocol: string | null; deviceId: string | null; open: boolean } | null;
  /** Send the bytes to the session's device and record them; returns the frame id. */
  send(sessionId: string, bytes: Uint8Array): number;
  /** The next serial for this session (protocols with serials want a fresh one per command). */
  nextSerial(sessionId: string): number;
  changed(c: CommandRecord): void;
}

const DEFAULT_EXPIRY_SEC = 3600;
/** Records kept in the history file. */
const MAX_HISTORY = 2000;
/** How long a sent command waits for its reply before it is marked failed. */
const REPLY_TIMEOUT_MS = 120_000;

export class CommandQueue {
  private all: CommandRecord[] = [];
  private next = 1;
  private templates: CommandTemplate[] = [];
  private dir: string | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly port: CommandPort) {}

  /**
   * Keep history and templates in `dir` (the user's data folder): loaded now, written after each
   * change. A command that was on its way when Trackwire stopped can no longer be matched: it is
   * marked failed; queued ones keep waiting for their device until they expire.
   */
  persistIn(dir: string): void {
    this.dir = dir;
    const read = <T>(name: string): T[] => {
      try {
        const v = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as unknown;
        return Array.isArray(v) ? (v as T[]) : [];
      } catch {
        return [];
      }
    };
    this.all = read<CommandRecord>('commands.json');
    for (const c of this.all) {
      if (c.state === 'sent') Object.assign(c, { state: 'failed', reply: 'Trackwire stopped before the reply came' });
    }
    this.next = this.all.reduce((m, c) => Math.max(m, c.id), 0) + 1;
    this.templates = read<CommandTemplate>('command-templates.json');
  }

  private save(): void {
    if (!this.dir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.write('commands.json', this.all.slice(-MAX_HISTORY));
    }, 300);
    this.saveTimer.unref();
  }

  /** Write a file atomically (temp file, then rename); a failure is reported, never thrown. */
  private write(name: string, data: unknown): void {
    if (!this.dir) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = path.join(this.dir, `.${name}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(data, null, 1));
      fs.renameSync(tmp, path.join(this.dir, name));
    } catch (e) {
      this.saveError = `cannot save ${name} in ${this.dir}: ${(e as Error).message}`;
    }
  }

  /** Why the last save failed, if it did. */
  saveError: string | undefined;

  /** Flush the history now (engine shutdown). */
  flush(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    if (this.dir) this.write('commands.json', this.all.slice(-MAX_HISTORY));
  }

  listTemplates(): CommandTemplate[] {
    return this.templates.map((t) => ({ ...t }));
  }

  /** Save (or replace) a named template for a protocol. */
  saveTemplate(t: CommandTemplate): CommandTemplate[] {
    if (!t.name?.trim()) throw new UserError('a template needs a name');
    if (!getProtocol(t.protocol)) throw new UserError(`unknown protocol '${t.protocol}'`);
    const clean: CommandTemplate = { name: t.name.trim(), protocol: t.protocol, type: t.type, attributes: { ...(t.attributes ?? {}) }, variant: t.variant };
    this.templates = [...this.templates.filter((x) => !(x.name === clean.name && x.protocol === clean.protocol)), clean];
    this.write('command-templates.json', this.templates);
    return this.listTemplates();
  }

  deleteTemplate(name: string, protocol: string): CommandTemplate[] {
    this.templates = this.templates.filter((x) => !(x.name === name && x.protocol === protocol));
    this.write('command-templates.json', this.templates);
    return this.listTemplates();
  }

  list(): CommandRecord[] {
    return this.all.map((c) => ({ ...c }));
  }

  /** The catalogue of a protocol (empty when it has none). */
  static catalogue(protocol: string): readonly CommandDef[] {
    return getProtocol(protocol)?.commands?.list ?? [];
  }

  /** Encode without sending (the composer's preview). */
  static encode(protocol: string, req: Pick<CommandRequest, 'type' | 'attributes' | 'variant'>, deviceId: string, serial: number): { bytes: Uint8Array; serial?: number; def: CommandDef } {
    const p = getProtocol(protocol);
    if (!p) throw new UserError(`unknown protocol '${protocol}'`);
    if (!p.commands) throw new UserError(`no commands are known for ${p.name}`);
    try {
      const def = findCommand(p.commands.list, protocol, req.type);
      const e = p.commands.encode(req.type, req.attributes ?? {}, { deviceId, serial, variant: req.variant });
      return { ...e, def };
    } catch (e) {
      if (e instanceof CommandError) throw new UserError(e.message);
      throw e;
    }
  }

  /** Send now to a connected session, or queue for the device; immobilising commands need `confirmed`. */
  submit(req: CommandRequest): CommandRecord {
    const s = req.sessionId ? this.port.session(req.sessionId) : req.deviceId ? this.port.sessionOfDevice(req.deviceId) : null;
    if (req.sessionId && (!s || !('open' in s) || !s.open)) throw new UserError(`session '${req.sessionId}' is not connected`);
    const protocol = req.protocol ?? s?.protocol;
    if (!protocol) throw new UserError('the protocol is not known yet: give one, or wait for the device to be detected');
    const deviceId = req.deviceId ?? s?.deviceId;
    if (!deviceId) throw new UserError('the device id is not known yet: give deviceId, or wait for its login');
    // Validate (and show errors) before anything is queued.
    const probe = CommandQueue.encode(protocol, req, deviceId, 0);
    if (probe.def.immobilises && !req.confirmed) throw new UserError(`${probe.def.label} immobilises the vehicle: confirm to send it`);
    const now = Date.now();
    const c: CommandRecord = {
      id: this.next++,
      protocol,
      type: req.type,
      label: probe.def.label,
      attributes: { ...(req.attributes ?? {}) },
      variant: req.variant,
      deviceId,
      sessionId: null,
      state: 'queued',
      createdAt: now,
      expiresAt: now + (req.expiresInSec ?? DEFAULT_EXPIRY_SEC) * 1000,
      sentAt: null,
      repliedAt: null,
      hex: null,
      serial: null,
      frameId: null,
      replyFrameId: null,
      reply: null,
    };
    this.all.push(c);
    if (s && (!('open' in s) || s.open)) this.deliver(c, s.id);
    else this.changed(c);
    return { ...c };
  }

  cancel(id: number): CommandRecord | null {
    const c = this.all.find((x) => x.id === id);
    if (!c) return null;
    if (c.state === 'queued') {
      c.state = 'cancelled';
      this.changed(c);
    }
    return { ...c };
  }

  /** A session of `deviceId` is now connected: deliver what waits for it. */
  deviceOnline(deviceId: string, sessionId: string): void {
    for (const c of this.all) if (c.state === 'queued' && c.deviceId === deviceId) this.deliver(c, sessionId);
  }

  /** An uplink frame from a session: does it acknowledge or answer a sent command? */
  uplink(sessionId: string, frameId: number, d: DecodedFrame): void {
    const pending = this.all.filter((c) => c.sessionId === sessionId && c.state === 'sent');
    if (!pending.length) return;
    const a = d.attributes;
    let c: CommandRecord | undefined;
    let state: CommandRecord['state'] = 'answered';
    if (typeof a.replySerial === 'number') {
      // JT808-style general response: the serial of the command it acknowledges, and a result.
      c = pending.find((x) => x.serial === a.replySerial);
      if (c) state = a.result === 0 || a.result === undefined ? 'acknowledged' : 'failed';
    } else if (a.result !== undefined || a.command !== undefined) {
      // A text reply (GT06 0x15/0x21, H02 V4, watch, Meitrack…): the oldest command waiting.
      c = pending[0];
    }
    if (!c) return;
    c.state = state;
    c.repliedAt = Date.now();
    c.replyFrameId = frameId;
    c.reply = a.result !== undefined ? String(a.result) : null;
    this.changed(c);
  }

  /** Once a second: expire queued commands past their expiry, fail sent ones never answered. */
  sweep(now = Date.now()): void {
    for (const c of this.all) {
      if (c.state === 'queued' && now > c.expiresAt) {
        c.state = 'expired';
        this.changed(c);
      } else if (c.state === 'sent' && c.sentAt !== null && now - c.sentAt > REPLY_TIMEOUT_MS) {
        c.state = 'failed';
        c.reply = `no reply within ${REPLY_TIMEOUT_MS / 1000} s`;
        this.changed(c);
      }
    }
  }

  private changed(c: CommandRecord): void {
    this.port.changed({ ...c });
    this.save();
  }

  private deliver(c: CommandRecord, sessionId: string): void {
    if (Date.now() > c.expiresAt) {
      c.state = 'expired';
      this.changed(c);
      return;
    }
    const serial = this.port.nextSerial(sessionId);
    const e = CommandQueue.encode(c.protocol, c, c.deviceId, serial);
    c.sessionId = sessionId;
    c.serial = e.serial ?? null;
    c.hex = toHex(e.bytes);
    c.frameId = this.port.send(sessionId, e.bytes);
    c.sentAt = Date.now();
    c.state = 'sent';
    this.changed(c);
  }
}
