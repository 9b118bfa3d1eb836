/**
 * Sessions and devices in the renderer: merging the engine's pushes by id, grouping sessions by
 * device, and the session or device filter (the engine selects its frames). Pure, no React.
 */
import type { DeviceInfo, SessionInfo } from '../../../src-main/api/contract';

/** The frame list shows one session's frames, or one device's across its sessions. */
export type FrameFilter = { kind: 'session'; sessionId: string } | { kind: 'device'; deviceId: string };

/** An id-ordered list with its id → position index; replaced, never mutated. */
export interface Keyed<T> {
  list: readonly T[];
  index: ReadonlyMap<string, number>;
}

export const EMPTY_KEYED: Keyed<never> = { list: [], index: new Map() };

/** Closed sessions beyond this many are dropped, oldest first (the engine keeps 5,000). */
export const MAX_SESSIONS_KEPT = 20_000;

/** The counter in a session id (`tcp-12` → 12): engine ids count up across transports. */
export function sessionOrdinal(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** Oldest first: by opening time, then by the engine's counter. */
export function compareSessions(a: SessionInfo, b: SessionInfo): number {
  return a.openedAt - b.openedAt || sessionOrdinal(a.id) - sessionOrdinal(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** First seen first, then by id. */
export function compareDevices(a: DeviceInfo, b: DeviceInfo): number {
  return a.firstSeen - b.firstSeen || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
}

function countersOf(s: SessionInfo): number {
  return s.framesUp + s.framesDown + s.bytesUp + s.bytesDown + s.answers;
}

/**
 * Whether `existing` is strictly newer than `incoming`, so a late full list (a reconnect's
 * listSessions racing a push) must not overwrite it. Sessions never reopen; counters only grow.
 */
export function isStale(existing: SessionInfo, incoming: SessionInfo): boolean {
  if (existing.state === 'closed' && incoming.state === 'open') return true;
  if (existing.lastSeen > incoming.lastSeen) return true;
  return countersOf(existing) > countersOf(incoming);
}

function buildIndex<T>(list: readonly T[], key: (t: T) => string): Map<string, number> {
  const index = new Map<string, number>();
  list.forEach((t, i) => index.set(key(t), i));
  return index;
}

/**
 * `current` with `incoming` merged in by key: known entries replaced in place (unless
 * `keepExisting` says the one held is newer), new ones added in `compare` order. Returns
 * `current` itself when nothing changed, so subscribers do not re-render.
 */
export function mergeKeyed<T>(
  current: Keyed<T>,
  incoming: readonly T[],
  key: (t: T) => string,
  compare: (a: T, b: T) => number,
  keepExisting: (existing: T, incoming: T) => boolean = () => false,
): Keyed<T> {
  let list: T[] | null = null;
  const added = new Map<string, T>();
  for (const item of incoming) {
    const k = key(item);
    const at = current.index.get(k);
    if (at === undefined) {
      added.set(k, item);
      continue;
    }
    const held = (list ?? current.list)[at]!;
    if (held === item || keepExisting(held, item)) continue;
    list ??= current.list.slice();
    list[at] = item;
  }
  if (added.size === 0) return list ? { list, index: current.index } : current;
  const fresh = [...added.values()].sort(compare);
  const base = list ?? current.list.slice();
  const last = base[base.length - 1];
  const inOrder = !last || compare(last, fresh[0]!) <= 0;
  const merged = base.concat(fresh);
  if (!inOrder) merged.sort(compare);
  return { list: merged, index: buildIndex(merged, key) };
}

/** Sessions merged by id; a full list arriving late does not undo newer pushes. */
export function mergeSessions(current: Keyed<SessionInfo>, incoming: readonly SessionInfo[]): Keyed<SessionInfo> {
  return capSessions(mergeKeyed(current, incoming, (s) => s.id, compareSessions, isStale));
}

/** Drop the oldest closed sessions while there are more than `max`. */
export function capSessions(sessions: Keyed<SessionInfo>, max = MAX_SESSIONS_KEPT): Keyed<SessionInfo> {
  let excess = sessions.list.length - max;
  if (excess <= 0) return sessions;
  const list = sessions.list.filter((s) => {
    if (excess > 0 && s.state === 'closed') {
      excess--;
      return false;
    }
    return true;
  });
  return { list, index: buildIndex(list, (s) => s.id) };
}

export function sessionById(sessions: Keyed<SessionInfo>, id: string): SessionInfo | undefined {
  const at = sessions.index.get(id);
  return at === undefined ? undefined : sessions.list[at];
}

export function deviceById(devices: Keyed<DeviceInfo>, id: string): DeviceInfo | undefined {
  const at = devices.index.get(id);
  return at === undefined ? undefined : devices.list[at];
}

/**
 * A device record brought up to date with what the sessions the renderer holds say: its
 * sessions (oldest first), online while one is open, last seen, frames. Counts never go down, so
 * sessions the engine or the renderer dropped since still count in `frames`.
 */
export function deviceFromSessions(previous: DeviceInfo | undefined, deviceId: string, sessionIds: readonly string[], sessions: Keyed<SessionInfo>): DeviceInfo {
  const ids = [...new Set([...(previous?.sessions ?? []), ...sessionIds])];
  ids.sort((a, b) => sessionOrdinal(a) - sessionOrdinal(b));
  let online = false;
  let frames = 0;
  let lastSeen = previous?.lastSeen ?? 0;
  let firstSeen = previous?.firstSeen ?? Number.POSITIVE_INFINITY;
  let protocol = previous?.protocol ?? null;
  for (const id of ids) {
    const s = sessionById(sessions, id);
    // Sessions dropped since were closed; one not pushed yet comes with its own update.
    if (!s) continue;
    if (s.state === 'open') online = true;
    frames += s.framesUp + s.framesDown;
    if (s.lastSeen > lastSeen) lastSeen = s.lastSeen;
    if (s.openedAt < firstSeen) firstSeen = s.openedAt;
    if (s.protocol) protocol = s.protocol;
  }
  return {
    deviceId,
    protocol,
    sessions: ids,
    online,
    firstSeen: Number.isFinite(firstSeen) ? firstSeen : lastSeen,
    lastSeen,
    frames: Math.max(previous?.frames ?? 0, frames),
    // The engine's inference (listDevices); sessions say nothing of it.
    ...(previous?.clock ? { clock: previous.clock } : {}),
  };
}

/** Devices updated for `changed` sessions (already merged into `sessions`). */
export function devicesAfterSessions(devices: Keyed<DeviceInfo>, changed: readonly SessionInfo[], sessions: Keyed<SessionInfo>): Keyed<DeviceInfo> {
  const byDevice = new Map<string, string[]>();
  for (const s of changed) {
    if (!s.deviceId) continue;
    let ids = byDevice.get(s.deviceId);
    if (!ids) byDevice.set(s.deviceId, (ids = []));
    ids.push(s.id);
  }
  if (byDevice.size === 0) return devices;
  const updated: DeviceInfo[] = [];
  for (const [deviceId, ids] of byDevice) updated.push(deviceFromSessions(deviceById(devices, deviceId), deviceId, ids, sessions));
  return mergeKeyed(devices, updated, (d) => d.deviceId, compareDevices);
}

/** The engine's device list merged with what the renderer's sessions already say. */
export function devicesAfterList(devices: Keyed<DeviceInfo>, listed: readonly DeviceInfo[], sessions: Keyed<SessionInfo>): Keyed<DeviceInfo> {
  const updated = listed.map((d) => {
    const held = deviceById(devices, d.deviceId);
    const base: DeviceInfo = held
      ? { ...d, sessions: [...new Set([...held.sessions, ...d.sessions])], frames: Math.max(held.frames, d.frames), lastSeen: Math.max(held.lastSeen, d.lastSeen) }
      : d;
    const derived = deviceFromSessions(base, d.deviceId, [], sessions);
    // The engine knows best whether a device is online when the renderer lacks its sessions.
    return derived.sessions.every((id) => sessions.index.has(id)) ? derived : { ...derived, online: d.online };
  });
  return mergeKeyed(devices, updated, (d) => d.deviceId, compareDevices);
}

export function sameFilter(a: FrameFilter | null, b: FrameFilter | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  return a.kind === 'session' ? a.sessionId === (b as typeof a).sessionId : a.deviceId === (b as typeof a).deviceId;
}

/** The filter as the arguments of listFrames/countFrames. */
export function filterArgs(filter: FrameFilter): { sessionId?: string; deviceId?: string } {
  return filter.kind === 'session' ? { sessionId: filter.sessionId } : { deviceId: filter.deviceId };
}
