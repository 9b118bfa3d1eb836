/** Text and styling of frame-list cells: pure, no React. */
import type { Direction, FrameSummary, ListenerStatus } from '../../../src-main/api/contract';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `HH:MM:SS.mmm` in local time. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/** How the Time column reads (View → Time, as in Wireshark). */
export type TimeMode = 'absolute' | 'relative' | 'delta';

export const TIME_MODES: ReadonlyArray<{ mode: TimeMode; label: string; title: string }> = [
  { mode: 'absolute', label: 'Time', title: 'Time of day the frame arrived (local clock)' },
  { mode: 'relative', label: 'Since first', title: 'Seconds since the first frame' },
  { mode: 'delta', label: 'Δ previous', title: 'Seconds since the row above' },
];

/** A duration in seconds to the millisecond: `12.345`, `-0.002`. */
export function formatSeconds(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.round(Math.abs(ms));
  return `${sign}${Math.floor(abs / 1000)}.${pad(abs % 1000, 3)}`;
}

/**
 * The Time cell: the time of day, seconds since `first` (the first frame), or since `previous`
 * (the row above; empty when it is not fetched yet, zero for the first row).
 */
export function timeCell(mode: TimeMode, time: number, first: number | null, previous: number | null | undefined): string {
  if (mode === 'absolute') return formatTime(time);
  if (mode === 'relative') return first === null ? '' : formatSeconds(time - first);
  if (previous === null) return formatSeconds(0);
  return previous === undefined ? '' : formatSeconds(time - previous);
}

/** ↑ for device → server, ↓ for server → device. */
export function directionArrow(direction: Direction): string {
  return direction === 'up' ? '↑' : '↓';
}

export function directionTitle(direction: Direction): string {
  return direction === 'up' ? 'device → server' : 'server → device';
}

/** Text of the Issues column: empty when there are none. */
export function issuesText(frame: FrameSummary): string {
  if (frame.issueCount === 0) return '';
  return `${frame.issueCount} ${frame.severity ?? 'issue'}${frame.issueCount === 1 ? '' : 's'}`;
}

/** CSS classes of a frame row: tinted by issue severity, downlinks tinted apart. */
export function rowClassName(frame: FrameSummary, selected: boolean): string {
  const classes = ['frame-row'];
  if (frame.direction === 'down') classes.push('frame-row--down');
  if (frame.issueCount > 0 && frame.severity) classes.push(`frame-row--${frame.severity}`);
  if (selected) classes.push('frame-row--selected');
  return classes.join(' ');
}

/** `TCP 0.0.0.0:8888`. */
export function listenerAddress(listener: ListenerStatus): string {
  return `${listener.transport.toUpperCase()} ${listener.host.includes(':') ? `[${listener.host}]` : listener.host}:${listener.port}`;
}

/** All listeners on one line: `TCP 0.0.0.0:8888 · UDP 0.0.0.0:8888`. */
export function listenersText(listeners: readonly ListenerStatus[]): string {
  return listeners.map((l) => (l.state === 'listening' ? listenerAddress(l) : `${listenerAddress(l)} (${l.state})`)).join(' · ');
}
