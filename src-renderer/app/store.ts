/**
 * The renderer's one store. Engine pushes reach it only through `engineBridge.ts`; components
 * read it with `useTrackwire(selector)` and change it with the actions below. The reducers are
 * plain functions over the state so they can be tested without React.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CaptureJob, CommandRecord, DeviceInfo, EngineStatus, FrameDetail, FrameSummary, SessionInfo } from '../../src-main/api/contract';
import { mergeCaptures, shownAfter } from '../features/captures/model';
import { mergeCommands, type ComposerTarget } from '../features/composer/model';
import type { FieldPath } from '../features/decode/tree';
import { anchorIndexOf, anchorOf, rangeIds, selectedIds, toggleId, type MultiSelection } from '../features/frames/selection';
import { freshRows, heldIndexOf, PAGE_SIZE, placeRows, pushedRows, rowAt, type FrameRows } from '../features/frames/rows';
import type { TimeMode } from '../features/frames/format';
import {
  EMPTY_KEYED,
  devicesAfterList,
  devicesAfterSessions,
  mergeSessions,
  sameFilter,
  type FrameFilter,
  type Keyed,
} from '../features/sessions/model';

export type { ComposerTarget, FieldPath, FrameFilter, FrameRows, Keyed, MultiSelection, TimeMode };

export type BannerKind = 'no-token' | 'unauthorized' | 'unreachable' | 'error';

export interface Banner {
  kind: BannerKind;
  message: string;
}

export interface TrackwireData {
  /** How many frames the engine holds (pushes and status say; the list pages them in). */
  frameTotal: number;
  /** The frame list's rows (every frame, or the filters'): their count and the pages fetched. */
  rows: FrameRows;
  /** Rows `[first, end)` on screen: the bridge fetches their pages. */
  viewport: { first: number; end: number };
  status: EngineStatus | null;
  selectedFrameId: number | null;
  /** The selected frame's position in the list; null while the engine locates it. */
  selectedIndex: number | null;
  /** The selected frame was asked to be shown (revealFrame): the filters go if they hide it. */
  revealing: boolean;
  /** A list position chosen (keyboard) whose row is still being fetched: selected when it arrives. */
  pendingIndex: number | null;
  /** Whether that choice extends the selection (Shift). */
  pendingExtend: boolean;
  /** Detail of the selected frame, once fetched; null while loading or when none is selected. */
  detail: FrameDetail | null;
  /** The frame id the last getFrame answer was for: `detail` is final when it equals the selection. */
  detailFor: number | null;
  selectedField: FieldPath | null;
  banner: Banner | null;
  /** Sessions, oldest first (open and the recently closed the engine still reports). */
  sessions: Keyed<SessionInfo>;
  /** Devices by id, first seen first; kept up to date from the sessions. */
  devices: Keyed<DeviceInfo>;
  /** What the frame list shows: every frame (null) or one session's or device's. */
  filter: FrameFilter | null;
  /**
   * The display filter applied to the frame list (a valid parsers/core/display-filter.ts text),
   * combined with `filter`; null when none. Its frames come from the engine only.
   */
  displayFilter: string | null;
  /** Counts list changes (either filter), so answers for an earlier list are dropped. */
  filterSeq: number;
  /** Several frames chosen with Ctrl/Shift (see `selectedFrameIds`); `selectedFrameId` stays the focus. */
  multiSelection: MultiSelection | null;
  /** How the Time column reads: wall clock, since the first frame, or since the row above. */
  timeMode: TimeMode;
  /** Arrival time of the first frame (for relative times), once known. */
  firstFrameTime: number | null;
  /** Capture files read and live captures, oldest first, merged by id from pushes and lists. */
  captures: Keyed<CaptureJob>;
  /** The file capture the capture bar shows (its progress, then its summary), or none. */
  shownCaptureId: string | null;
  /** Downlink commands of this run, oldest first, merged by id from pushes and lists. */
  commands: Keyed<CommandRecord>;
  /** The command composer, open for this target, or closed (null). */
  composer: ComposerTarget | null;
}

export interface TrackwireActions {
  /** Pushed frames; `total` is how many the engine holds after them. */
  framesAppended(frames: readonly FrameSummary[], total?: number): void;
  statusChanged(status: EngineStatus): void;
  selectFrame(id: number | null): void;
  detailLoaded(detail: FrameDetail | null, forId: number): void;
  selectField(path: FieldPath | null): void;
  showBanner(banner: Banner | null): void;
  /** Changed sessions (a push) or a full list (a load): merged by id. */
  sessionsChanged(sessions: readonly SessionInfo[]): void;
  devicesLoaded(devices: readonly DeviceInfo[]): void;
  setFilter(filter: FrameFilter | null): void;
  /** Apply a display filter (the caller validated it), or drop it (null or blank). */
  setDisplayFilter(text: string | null): void;
  /** A page of the list (rows from position `start`) for list `seq`. */
  rowsLoaded(seq: number, start: number, frames: readonly FrameSummary[]): void;
  /** The engine's count of the list `seq`. */
  rowCountLoaded(seq: number, total: number): void;
  /** The list scrolled: rows `[first, end)` are on screen. */
  showRows(first: number, end: number): void;
  /** A plain click (or a frame chosen elsewhere): this frame alone; `index` its list position when known. */
  selectOnly(id: number, index?: number): void;
  /** Keyboard: the frame at list position `index` (when its row is still loading, once it arrives). */
  selectIndex(index: number, extend?: boolean): void;
  /** The engine located the selected frame in list `seq` (-1: the filters hide it). */
  frameLocated(seq: number, id: number, index: number): void;
  /** Ctrl+click: add the frame to the selection or take it out. */
  toggleFrameSelected(id: number, index?: number): void;
  /** Shift+click, Shift+arrows: the frames shown from the anchor to this one. */
  extendFrameSelection(id: number, index: number): void;
  /** Ctrl+A: every frame shown. */
  selectAllFrames(): void;
  setTimeMode(mode: TimeMode): void;
  firstFrameTimeLoaded(time: number | null): void;
  /** Capture jobs pushed or listed: merged by id. */
  capturesChanged(jobs: readonly CaptureJob[]): void;
  /** Show this capture in the capture bar, or close the bar (null). */
  showCapture(id: string | null): void;
  /** Command records pushed or listed: merged by id. */
  commandsChanged(records: readonly CommandRecord[]): void;
  /** Open the composer for a target (it keeps its place when already open), or close it (null). */
  openComposer(target: ComposerTarget | null): void;
  /** Show a frame in the frame list: selected, and the filters dropped when they hide it. */
  revealFrame(id: number): void;
}

export type TrackwireState = TrackwireData & TrackwireActions;

export const initialData: TrackwireData = {
  frameTotal: 0,
  rows: freshRows(0, true),
  viewport: { first: 0, end: 0 },
  status: null,
  selectedFrameId: null,
  selectedIndex: null,
  revealing: false,
  pendingIndex: null,
  pendingExtend: false,
  detail: null,
  detailFor: null,
  selectedField: null,
  banner: null,
  sessions: EMPTY_KEYED,
  devices: EMPTY_KEYED,
  filter: null,
  displayFilter: null,
  filterSeq: 0,
  multiSelection: null,
  timeMode: 'absolute',
  firstFrameTime: null,
  captures: EMPTY_KEYED,
  shownCaptureId: null,
  commands: EMPTY_KEYED,
  composer: null,
};

/** Whether the frame list shows only some frames (a session or device filter, a display filter, or both). */
export function isListFiltered(state: Pick<TrackwireData, 'filter' | 'displayFilter'>): boolean {
  return state.filter !== null || state.displayFilter !== null;
}

/** The frames selected now, ascending: the Ctrl/Shift selection, or the selected frame alone. */
export function selectedFrameIds(state: Pick<TrackwireData, 'selectedFrameId' | 'multiSelection'>): readonly number[] {
  return selectedIds(state.selectedFrameId, state.multiSelection);
}

/** How many frames are selected (Ctrl+A takes every row of the list without listing them). */
export function selectedCount(state: Pick<TrackwireData, 'selectedFrameId' | 'multiSelection' | 'rows'>): number {
  if (state.multiSelection?.all && state.multiSelection.focus === state.selectedFrameId) return state.rows.total;
  return selectedFrameIds(state).length;
}

/** The page on screen (pages far from it are dropped first). */
function screenPage(state: TrackwireData): number {
  return Math.floor(state.viewport.first / PAGE_SIZE);
}

/** The list position of frame `id` when the store can tell without the engine, else null. */
function knownIndex(state: TrackwireData, id: number): number | null {
  if (!isListFiltered(state)) return id >= 1 ? id - 1 : null;
  const held = heldIndexOf(state.rows, id);
  return held >= 0 ? held : null;
}

/** A new list for the filters: every frame at once, or the engine's count and pages to come. */
function listFor(state: TrackwireData, filter: FrameFilter | null, displayFilter: string | null): Partial<TrackwireData> {
  const next = { ...state, filter, displayFilter };
  const filtered = isListFiltered(next);
  const selectedIndex = state.selectedFrameId !== null && !filtered ? state.selectedFrameId - 1 : null;
  return {
    filter,
    displayFilter,
    filterSeq: state.filterSeq + 1,
    rows: filtered ? freshRows(0, false) : freshRows(state.frameTotal, true),
    selectedIndex,
    pendingIndex: null,
    viewport: { first: 0, end: 0 },
  };
}

/** The selection once the row at `index` is known. */
function selectAt(state: TrackwireData, index: number, extend: boolean): Partial<TrackwireData> {
  const row = rowAt(state.rows, index);
  const id = row?.id ?? (isListFiltered(state) ? null : index + 1);
  if (id === null) return { pendingIndex: index, pendingExtend: extend };
  return extend ? { ...reducers.extendFrameSelection(state, id, index), pendingIndex: null } : { ...reducers.selectOnly(state, id, index), pendingIndex: null };
}

/** The reducers: each takes the data and returns the part that changes. */
export const reducers = {
  framesAppended(state: TrackwireData, frames: readonly FrameSummary[], total?: number): Partial<TrackwireData> {
    let frameTotal = state.frameTotal;
    for (const f of frames) if (f.id > frameTotal) frameTotal = f.id;
    if (total !== undefined && total > frameTotal) frameTotal = total;
    const patch: Partial<TrackwireData> = {};
    if (frameTotal !== state.frameTotal) patch.frameTotal = frameTotal;
    if (state.firstFrameTime === null && frames[0]?.id === 1) patch.firstFrameTime = frames[0].time;
    // Filtered lists are the engine's to count (the bridge refetches); every frame is ours.
    if (!isListFiltered(state)) {
      const rows = pushedRows(state.rows, frames, frameTotal, screenPage(state));
      if (rows !== state.rows) patch.rows = rows;
    }
    return patch;
  },
  sessionsChanged(state: TrackwireData, sessions: readonly SessionInfo[]): Partial<TrackwireData> {
    const merged = mergeSessions(state.sessions, sessions);
    if (merged === state.sessions) return {};
    return { sessions: merged, devices: devicesAfterSessions(state.devices, sessions, merged) };
  },
  devicesLoaded(state: TrackwireData, devices: readonly DeviceInfo[]): Partial<TrackwireData> {
    const merged = devicesAfterList(state.devices, devices, state.sessions);
    return merged === state.devices ? {} : { devices: merged };
  },
  setFilter(state: TrackwireData, filter: FrameFilter | null): Partial<TrackwireData> {
    if (sameFilter(state.filter, filter)) return {};
    return listFor(state, filter, state.displayFilter);
  },
  setDisplayFilter(state: TrackwireData, text: string | null): Partial<TrackwireData> {
    const displayFilter = text === null || text.trim() === '' ? null : text.trim();
    if (displayFilter === state.displayFilter) return {};
    return listFor(state, state.filter, displayFilter);
  },
  rowsLoaded(state: TrackwireData, seq: number, start: number, frames: readonly FrameSummary[]): Partial<TrackwireData> {
    if (seq !== state.filterSeq) return {};
    const rows = placeRows(state.rows, start, frames, screenPage(state));
    if (rows === state.rows) return {};
    const next = { ...state, rows };
    const patch: Partial<TrackwireData> = { rows };
    if (state.firstFrameTime === null && start === 0 && !isListFiltered(state) && frames[0]) patch.firstFrameTime = frames[0].time;
    if (state.pendingIndex !== null && rowAt(rows, state.pendingIndex)) Object.assign(patch, selectAt(next, state.pendingIndex, state.pendingExtend));
    if (state.selectedIndex === null && state.selectedFrameId !== null) {
      const held = heldIndexOf(rows, state.selectedFrameId);
      if (held >= 0) patch.selectedIndex = held;
    }
    return patch;
  },
  rowCountLoaded(state: TrackwireData, seq: number, total: number): Partial<TrackwireData> {
    if (seq !== state.filterSeq) return {};
    if (total === state.rows.total && state.rows.known) return {};
    // A count below what is held (never, barring a restarted engine) starts the pages over.
    const rows = total < state.rows.total ? freshRows(total, true) : { ...state.rows, total, known: true };
    return { rows };
  },
  showRows(state: TrackwireData, first: number, end: number): Partial<TrackwireData> {
    if (state.viewport.first === first && state.viewport.end === end) return {};
    return { viewport: { first, end } };
  },
  statusChanged(state: TrackwireData, status: EngineStatus): Partial<TrackwireData> {
    const patch: Partial<TrackwireData> = { status };
    // A status can be ahead of the pushes (a reconnect, a capture read faster than pushed).
    if (status.frameCount > state.frameTotal) Object.assign(patch, reducers.framesAppended(state, [], status.frameCount));
    return patch;
  },
  selectFrame(state: TrackwireData, id: number | null): Partial<TrackwireData> {
    if (state.selectedFrameId === id) return {};
    return { selectedFrameId: id, selectedIndex: id === null ? null : knownIndex(state, id), revealing: false, detail: null, detailFor: null, selectedField: null };
  },
  detailLoaded(state: TrackwireData, detail: FrameDetail | null, forId: number): Partial<TrackwireData> {
    // A late answer for a frame no longer selected is dropped.
    if (state.selectedFrameId !== forId) return {};
    return { detail, detailFor: forId, selectedField: null };
  },
  selectField(state: TrackwireData, path: FieldPath | null): Partial<TrackwireData> {
    if (samePath(state.selectedField, path)) return {};
    return { selectedField: path === null ? null : [...path] };
  },
  showBanner(_state: TrackwireData, banner: Banner | null): Partial<TrackwireData> {
    return { banner };
  },
  selectOnly(state: TrackwireData, id: number, index?: number): Partial<TrackwireData> {
    const patch: Partial<TrackwireData> = { ...reducers.selectFrame(state, id), pendingIndex: null };
    if (index !== undefined) patch.selectedIndex = index;
    if (state.multiSelection) patch.multiSelection = null;
    return patch;
  },
  selectIndex(state: TrackwireData, index: number, extend = false): Partial<TrackwireData> {
    if (index < 0 || index >= state.rows.total) return {};
    return selectAt(state, index, extend);
  },
  frameLocated(state: TrackwireData, seq: number, id: number, index: number): Partial<TrackwireData> {
    if (seq !== state.filterSeq || state.selectedFrameId !== id || state.selectedIndex !== null) return {};
    if (index >= 0) return { selectedIndex: index, revealing: false };
    // Hidden by the filters: it stays selected (its detail shows), unless it was to be shown.
    if (!state.revealing) return {};
    return { ...listFor(state, null, null), selectedIndex: id - 1, revealing: false };
  },
  toggleFrameSelected(state: TrackwireData, id: number, index?: number): Partial<TrackwireData> {
    const ids = toggleId(selectedFrameIds(state), id);
    return { ...reducers.selectOnly(state, id, index), multiSelection: { ids, focus: id, anchor: id, anchorIndex: index ?? null } };
  },
  extendFrameSelection(state: TrackwireData, id: number, index: number): Partial<TrackwireData> {
    const anchor = anchorOf(state.selectedFrameId, state.multiSelection) ?? id;
    const anchorIndex = anchorIndexOf(state.selectedIndex, state.multiSelection, anchor === state.selectedFrameId) ?? index;
    const ids = rangeIds(anchorIndex, index, (i) => rowAt(state.rows, i)?.id ?? (isListFiltered(state) ? undefined : i + 1));
    if (ids.length === 0) return {};
    return { ...reducers.selectFrame(state, id), selectedIndex: index, pendingIndex: null, multiSelection: { ids, focus: id, anchor, anchorIndex } };
  },
  selectAllFrames(state: TrackwireData): Partial<TrackwireData> {
    if (state.rows.total === 0) return {};
    const first = rowAt(state.rows, 0)?.id ?? (isListFiltered(state) ? null : 1);
    const focus = state.selectedFrameId ?? first;
    if (focus === null) return {};
    const base = state.selectedFrameId === null ? reducers.selectOnly(state, focus, 0) : {};
    return { ...base, multiSelection: { ids: [], all: true, focus, anchor: first ?? focus, anchorIndex: 0 } };
  },
  setTimeMode(state: TrackwireData, mode: TimeMode): Partial<TrackwireData> {
    return state.timeMode === mode ? {} : { timeMode: mode };
  },
  firstFrameTimeLoaded(state: TrackwireData, time: number | null): Partial<TrackwireData> {
    return state.firstFrameTime === time ? {} : { firstFrameTime: time };
  },
  capturesChanged(state: TrackwireData, jobs: readonly CaptureJob[]): Partial<TrackwireData> {
    const captures = mergeCaptures(state.captures, jobs);
    const shownCaptureId = shownAfter(state.shownCaptureId, state.captures, jobs);
    if (captures === state.captures && shownCaptureId === state.shownCaptureId) return {};
    return { captures, shownCaptureId };
  },
  showCapture(state: TrackwireData, id: string | null): Partial<TrackwireData> {
    return state.shownCaptureId === id ? {} : { shownCaptureId: id };
  },
  commandsChanged(state: TrackwireData, records: readonly CommandRecord[]): Partial<TrackwireData> {
    const commands = mergeCommands(state.commands, records);
    return commands === state.commands ? {} : { commands };
  },
  openComposer(state: TrackwireData, target: ComposerTarget | null): Partial<TrackwireData> {
    return state.composer === target ? {} : { composer: target };
  },
  revealFrame(state: TrackwireData, id: number): Partial<TrackwireData> {
    // Where it sits is known at once without filters; else the engine locates it (frameLocated).
    const index = knownIndex(state, id);
    return { ...reducers.selectOnly(state, id), selectedIndex: index, revealing: index === null };
  },
};

export function samePath(a: FieldPath | null, b: FieldPath | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => v === b[i]);
}

/** A fresh store; the app uses the one below, tests make their own. */
export function createTrackwireStore(initial: Partial<TrackwireData> = {}) {
  return createStore<TrackwireState>()((set) => ({
    ...initialData,
    ...initial,
    framesAppended: (frames, total) => set((s) => reducers.framesAppended(s, frames, total)),
    statusChanged: (status) => set((s) => reducers.statusChanged(s, status)),
    selectFrame: (id) => set((s) => reducers.selectFrame(s, id)),
    detailLoaded: (detail, forId) => set((s) => reducers.detailLoaded(s, detail, forId)),
    selectField: (path) => set((s) => reducers.selectField(s, path)),
    showBanner: (banner) => set((s) => reducers.showBanner(s, banner)),
    sessionsChanged: (sessions) => set((s) => reducers.sessionsChanged(s, sessions)),
    devicesLoaded: (devices) => set((s) => reducers.devicesLoaded(s, devices)),
    setFilter: (filter) => set((s) => reducers.setFilter(s, filter)),
    setDisplayFilter: (text) => set((s) => reducers.setDisplayFilter(s, text)),
    rowsLoaded: (seq, start, frames) => set((s) => reducers.rowsLoaded(s, seq, start, frames)),
    rowCountLoaded: (seq, total) => set((s) => reducers.rowCountLoaded(s, seq, total)),
    showRows: (first, end) => set((s) => reducers.showRows(s, first, end)),
    selectOnly: (id, index) => set((s) => reducers.selectOnly(s, id, index)),
    selectIndex: (index, extend) => set((s) => reducers.selectIndex(s, index, extend)),
    frameLocated: (seq, id, index) => set((s) => reducers.frameLocated(s, seq, id, index)),
    toggleFrameSelected: (id, index) => set((s) => reducers.toggleFrameSelected(s, id, index)),
    extendFrameSelection: (id, index) => set((s) => reducers.extendFrameSelection(s, id, index)),
    selectAllFrames: () => set((s) => reducers.selectAllFrames(s)),
    setTimeMode: (mode) => set((s) => reducers.setTimeMode(s, mode)),
    firstFrameTimeLoaded: (time) => set((s) => reducers.firstFrameTimeLoaded(s, time)),
    capturesChanged: (jobs) => set((s) => reducers.capturesChanged(s, jobs)),
    showCapture: (id) => set((s) => reducers.showCapture(s, id)),
    commandsChanged: (records) => set((s) => reducers.commandsChanged(s, records)),
    openComposer: (target) => set((s) => reducers.openComposer(s, target)),
    revealFrame: (id) => set((s) => reducers.revealFrame(s, id)),
  }));
}

export type TrackwireStore = ReturnType<typeof createTrackwireStore>;

export const trackwireStore: TrackwireStore = createTrackwireStore();

/** Read the app store from a component. */
export function useTrackwire<T>(selector: (state: TrackwireState) => T): T {
  return useStore(trackwireStore, selector);
}
