/**
 * What "Export…" writes: the format, and the scope — the frames selected in the list, the
 * frames the list is filtered to (a session or device, a display filter, or both), or every
 * frame — turned into the exportFrames request. Pure, no React.
 */
import type { RequestArg } from '../../../src-main/api/contract';
import { formatBytes, formatCount } from '../sessions/format';
import type { FrameFilter } from '../sessions/model';

export type ExportArgs = RequestArg<'exportFrames'>;
export type ExportFormat = ExportArgs['format'];
export type ExportScope = 'selection' | 'filter' | 'all';

export const EXPORT_FORMATS: ReadonlyArray<{ format: ExportFormat; label: string; title: string }> = [
  { format: 'pcapng', label: 'pcapng', title: 'The wire bytes with synthesised Ethernet/IP/TCP/UDP headers and a comment per packet: opens in Wireshark and tshark' },
  { format: 'ndjson', label: 'NDJSON', title: 'One JSON object a line per frame: time, flow, protocol, decoded fields, hex' },
  { format: 'csv', label: 'CSV', title: 'One row per frame, for spreadsheets' },
  { format: 'json', label: 'JSON', title: 'One JSON array of every frame' },
];

/** What the dialog knows of the window when it opens. */
export interface ScopeInput {
  /** The frames selected in the list, ascending. */
  selectedIds: readonly number[];
  /** Ctrl+A: every frame of the list is selected (`selectedIds` does not list them). */
  allSelected: boolean;
  filter: FrameFilter | null;
  displayFilter: string | null;
  /** Rows of the list (what the filters keep), once counted. */
  listTotal: number | null;
  /** Every frame the engine holds (its status), or what the list holds without a status. */
  totalFrames: number;
}

export interface ScopeChoice {
  scope: ExportScope;
  label: string;
  /** Frames it would write, when known. */
  count: number;
  disabled: boolean;
}

function frames(n: number): string {
  return `${formatCount(n)} frame${n === 1 ? '' : 's'}`;
}

/** The three scopes with their labels and counts; those that select nothing are disabled. */
/** Whether the list shows only some frames. */
function filtered(input: ScopeInput): boolean {
  return input.filter !== null || input.displayFilter !== null;
}

/** How many frames are selected. */
function selectedCount(input: ScopeInput): number {
  return input.allSelected ? (filtered(input) ? (input.listTotal ?? 0) : input.totalFrames) : input.selectedIds.length;
}

/** The filters in words: `Session s3 · filter "protocol == gt06"`. */
function filterWords(input: ScopeInput): string {
  const parts: string[] = [];
  if (input.filter?.kind === 'session') parts.push(`Session ${input.filter.sessionId}`);
  else if (input.filter) parts.push(`Device ${input.filter.deviceId}, all its sessions`);
  if (input.displayFilter !== null) parts.push(`display filter "${input.displayFilter}"`);
  return parts.join(' · ');
}

export function scopeChoices(input: ScopeInput): ScopeChoice[] {
  const selected = selectedCount(input);
  const filterCount = input.listTotal ?? 0;
  const filterLabel = !filtered(input)
    ? 'Frames shown (no filter set)'
    : `${filterWords(input)} (${input.listTotal === null ? 'counting…' : frames(filterCount)})`;
  return [
    { scope: 'selection', label: selected === 0 ? 'Selected frames (none selected)' : `Selected ${selected === 1 ? 'frame' : 'frames'} (${frames(selected)})`, count: selected, disabled: selected === 0 },
    { scope: 'filter', label: filterLabel, count: filtered(input) ? filterCount : 0, disabled: !filtered(input) },
    { scope: 'all', label: `All frames (${frames(input.totalFrames)})`, count: input.totalFrames, disabled: false },
  ];
}

/**
 * The scope offered first: several frames selected on purpose, else the filter the list
 * shows, else everything (one selected frame is only the cursor, as in Wireshark).
 */
export function defaultScope(input: ScopeInput): ExportScope {
  if (selectedCount(input) > 1) return 'selection';
  if (filtered(input)) return 'filter';
  return 'all';
}

/**
 * The exportFrames request. `desktop`: no path is sent as null, so the main process asks with a
 * save dialog; in web mode an empty path is left out and the engine writes to its exports
 * folder. Null when the scope selects nothing.
 */
export function exportRequest(format: ExportFormat, scope: ExportScope, input: ScopeInput, target: { desktop: boolean; path: string }): ExportArgs | null {
  const args: ExportArgs = { format };
  // Ctrl+A selects the list: the same frames as its filters.
  const effective = scope === 'selection' && input.allSelected ? (filtered(input) ? 'filter' : 'all') : scope;
  if (effective === 'selection') {
    if (input.selectedIds.length === 0) return null;
    args.ids = [...input.selectedIds];
  } else if (effective === 'filter') {
    if (!filtered(input)) return null;
    if (input.filter?.kind === 'session') args.sessionId = input.filter.sessionId;
    else if (input.filter) args.deviceId = input.filter.deviceId;
    if (input.displayFilter !== null) args.filter = input.displayFilter;
  }
  const path = target.path.trim();
  if (target.desktop) args.path = path || null;
  else if (path) args.path = path;
  return args;
}

/** `Wrote 8 frames · 2.1 KiB`. */
export function resultText(result: { frames: number; bytes: number }): string {
  return `Wrote ${frames(result.frames)} · ${formatBytes(result.bytes)}`;
}

/** A typed path whose extension is another export format's, given `format`'s; others unchanged. */
export function withExtension(path: string, format: ExportFormat): string {
  const m = /\.(pcapng|ndjson|csv|json)$/i.exec(path);
  return m ? `${path.slice(0, m.index)}.${format}` : path;
}
