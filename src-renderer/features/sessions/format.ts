/** Text of the sessions and devices tables and of the responder controls: pure, no React. */
import type { ResponderMode, ResponderSetting, SessionInfo } from '../../../src-main/api/contract';

/** `10000` → `10,000`, the same on every locale (tests and screenshots stay stable). */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 frame`, `1,200 frames`: a count with its noun (`many` for an irregular plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `512 B`, `1.5 KiB`, `12 MiB`, `3.2 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** How long ago `time` was, short: `now`, `12 s`, `4 min`, `3 h`, `2 d`. */
export function formatAge(time: number, now: number): string {
  const s = Math.floor((now - time) / 1000);
  if (s < 1) return 'now';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** A session's responder choice as one select value; `global` follows the global setting. */
export type ResponderChoice = ResponderMode | 'global';

export const RESPONDER_MODES: ReadonlyArray<{ mode: ResponderMode; label: string; title: string }> = [
  { mode: 'answer', label: 'Answer', title: 'Answer like a server: login, heartbeat and other acknowledgements as the protocol expects' },
  { mode: 'silent', label: 'Silent', title: 'Send no answers: see how the device behaves when the server stays quiet' },
  { mode: 'delay', label: 'Delay', title: 'Send each answer after a delay' },
  { mode: 'corrupt', label: 'Corrupt checksum', title: 'Send each answer with its checksum broken on purpose' },
];

/** Default delay offered when "Delay" is chosen. */
export const DEFAULT_DELAY_MS = 1000;
export const MAX_DELAY_MS = 600_000;

/** `Answer`, `Silent`, `Delay 1,500 ms`, `Corrupt checksum`. */
export function responderText(setting: ResponderSetting): string {
  if (setting.mode === 'delay') return `Delay ${formatCount(setting.delayMs ?? 0)} ms`;
  return RESPONDER_MODES.find((m) => m.mode === setting.mode)?.label ?? setting.mode;
}

/** The delay typed in the box, or null when it is not a whole number of ms in range. */
export function parseDelay(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const ms = Number(text);
  return ms >= 0 && ms <= MAX_DELAY_MS ? ms : null;
}

/** `↑3 ↓2`: frames from and to the device. */
export function framesText(s: Pick<SessionInfo, 'framesUp' | 'framesDown'>): string {
  return `↑${formatCount(s.framesUp)} ↓${formatCount(s.framesDown)}`;
}

export function bytesText(s: Pick<SessionInfo, 'bytesUp' | 'bytesDown'>): string {
  return `↑${formatBytes(s.bytesUp)} ↓${formatBytes(s.bytesDown)}`;
}

/** The State column: `open`, or `closed` with the reason in the tooltip. */
export function stateTitle(s: SessionInfo): string {
  if (s.state === 'open') return `open since ${new Date(s.openedAt).toLocaleString()}`;
  const when = s.closedAt ? ` at ${new Date(s.closedAt).toLocaleString()}` : '';
  return `closed${when}${s.closeReason ? `: ${s.closeReason}` : ''}`;
}

/** The Protocol column's tooltip: detected or chosen, and where the session relays to. */
export function protocolTitle(s: SessionInfo): string {
  const base = s.protocol ? `${s.protocol} (${s.protocolForced ? 'chosen with "decode as"' : 'detected'})` : 'no protocol detected yet';
  return s.upstream ? `${base}; relayed to ${s.upstream.address} (${s.upstream.state}${s.upstream.error ? `: ${s.upstream.error}` : ''})` : base;
}
