/**
 * Downlink commands in the renderer: merging the engine's `commands` pushes and listCommands
 * answers by id, their states, and the composer's target. Pure, no React.
 */
import type { CommandRecord, SessionInfo } from '../../../src-main/api/contract';
import { mergeKeyed, type Keyed } from '../sessions/model';

export type CommandState = CommandRecord['state'];

/** Where the composer sends: a connected session, or a device id (queued until it connects). */
export type ComposerTarget = { kind: 'session'; sessionId: string | null } | { kind: 'device'; deviceId: string; protocol: string | null };

/** How far a command has come: a state is never followed by one of a lower rank. */
const RANK: Readonly<Record<CommandState, number>> = {
  queued: 0,
  sent: 1,
  acknowledged: 2,
  answered: 2,
  failed: 2,
  expired: 2,
  cancelled: 2,
};

export const COMMAND_STATES: readonly CommandState[] = ['queued', 'sent', 'acknowledged', 'answered', 'failed', 'expired', 'cancelled'];

export function isFinalCommand(c: Pick<CommandRecord, 'state'>): boolean {
  return RANK[c.state] === 2;
}

/**
 * Whether the record held is further along than `incoming`, so a late answer (a sendCommand
 * reply racing the `sent` push, a listCommands after a reconnect) must not undo it.
 */
export function isStaleCommand(existing: CommandRecord, incoming: CommandRecord): boolean {
  return RANK[existing.state] > RANK[incoming.state];
}

/** Oldest first, by the engine's counter. */
export function compareCommands(a: CommandRecord, b: CommandRecord): number {
  return a.id - b.id;
}

/** Records merged by id, oldest first; returns `current` itself when nothing changed. */
export function mergeCommands(current: Keyed<CommandRecord>, incoming: readonly CommandRecord[]): Keyed<CommandRecord> {
  return mergeKeyed(current, incoming, (c) => String(c.id), compareCommands, isStaleCommand);
}

export function commandById(commands: Keyed<CommandRecord>, id: number): CommandRecord | undefined {
  const at = commands.index.get(String(id));
  return at === undefined ? undefined : commands.list[at];
}

/** Sessions a command can go to now: open ones whose device and protocol are known. */
export function sendableSessions(sessions: readonly SessionInfo[]): SessionInfo[] {
  return sessions.filter((s) => s.state === 'open' && s.protocol !== null && s.deviceId !== null);
}

/** The protocol the target's commands belong to, or null while it is not known. */
export function targetProtocol(target: ComposerTarget, sessions: readonly SessionInfo[]): string | null {
  if (target.kind === 'device') return target.protocol;
  return sessions.find((s) => s.id === target.sessionId)?.protocol ?? null;
}

/** Lowercase hex in groups of two: `7878 0d01…` reads better as `78 78 0d 01`. */
export function spacedHex(hex: string): string {
  return hex.replace(/(..)(?=.)/g, '$1 ');
}

/** `14:03:07` for a command's time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The time a command last changed: replied, sent, or created. */
export function commandTime(c: CommandRecord): number {
  return c.repliedAt ?? c.sentAt ?? c.createdAt;
}
