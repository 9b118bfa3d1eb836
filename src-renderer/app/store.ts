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
import { anchorOf, rangeIds, selectedIds, toggleId, type MultiSelection } from '../features/frames/selection';
import {
  EMPTY_KEYED,
  devicesAfterList,
  devicesAfterSessions,
  frameMatches,
  mergeSessions,
  sameFilter,
  sessionsJoiningFilter,
  type FrameFilter,
  type Keyed,
} from '../features/sessions/model';

export type { ComposerTarget, FieldPath, FrameFilter, Keyed, MultiSelection };

export type BannerKind = 'no-token' | 'unauthorized' | 'unreachable' | 'error';

export interface Banner {
  kind: BannerKind;
  message: string;
}

export interface TrackwireData {
  /** Every frame seen, ordered by id, no duplicates. */
  frames: FrameSummary[];
  status: EngineStatus | null;
  selectedFrameId: number | null;
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
  /** Counts filter changes (either filter), so answers for an earlier filter are dropped. */
  filterSeq: number;
  /** The filters' frames, ordered by id: what the store holds at once, then the engine's pages. */
  filteredFrames: FrameSummary[];
  /** How many frames the engine counts for the filter, once it answered. */
  filteredTotal: number | null;
  /** Several frames chosen with Ctrl/Shift (see `selectedFrameIds`); `selectedFrameId` stays the focus. */
  multiSelection: MultiSelection | null;
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
  framesAppended(frames: readonly FrameSummary[]): void;
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
  filteredFramesLoaded(seq: number, frames: readonly FrameSummary[]): void;
  filteredCountLoaded(seq: number, total: number): void;
  /** A plain click: this frame alone. */
  selectOnly(id: number): void;
  /** Ctrl+click: add the frame to the selection or take it out. */
  toggleFrameSelected(id: number): void;
  /** Shift+click, Shift+arrows: the frames shown from the anchor to this one. */
  extendFrameSelection(id: number): void;
  /** Ctrl+A: every frame shown. */
  selectAllFrames(): void;
  /** Capture jobs pushed or listed: merged by id. */
  capturesChanged(jobs: readonly CaptureJob[]): void;
  /** Show this capture in the capture bar, or close the bar (null). */
  showCapture(id: string | null): void;
  /** Command records pushed or listed: merged by id. */
  commandsChanged(records: readonly CommandRecord[]): void;
  /** Open the composer for a target (it keeps its place when already open), or close it (null). */
  openComposer(target: ComposerTarget | null): void;
  /** Show a frame in the frame list: selected, and the filter dropped when it hides the frame. */
  revealFrame(id: number): void;
}

export type TrackwireState = TrackwireData & TrackwireActions;

export const initialData: TrackwireData = {
  frames: [],
  status: null,
  selectedFrameId: null,
  detail: null,
  detailFor: null,
  selectedField: null,
  banner: null,
  sessions: EMPTY_KEYED,
  devices: EMPTY_KEYED,
  filter: null,
  displayFilter: null,
  filterSeq: 0,
  filteredFrames: [],
  filteredTotal: null,
  multiSelection: null,
  captures: EMPTY_KEYED,
  shownCaptureId: null,
  commands: EMPTY_KEYED,
  composer: null,
};

/** Whether the frame list shows only some frames (a session or device filter, a display filter, or both). */
export function isListFiltered(state: Pick<TrackwireData, 'filter' | 'displayFilter'>): boolean {
  return state.filter !== null || state.displayFilter !== null;
}

/** The frames the list shows: all of them, or the filters'. */
export function visibleFrames(state: TrackwireData): FrameSummary[] {
  return isListFiltered(state) ? state.filteredFrames : state.frames;
}

/**
 * The filtered list to show at once for these filters: the store's frames of a session or
 * device; nothing under a display filter (the engine answers with its frames).
 */
function filteredAtOnce(state: TrackwireData, filter: FrameFilter | null, displayFilter: string | null): FrameSummary[] {
  if (displayFilter !== null || !filter) return [];
  return state.frames.filter((f) => frameMatches(filter, f, state.sessions));
}

/** The frames selected now, ascending: the Ctrl/Shift selection, or the selected frame alone. */
export function selectedFrameIds(state: Pick<TrackwireData, 'selectedFrameId' | 'multiSelection'>): readonly number[] {
  return selectedIds(state.selectedFrameId, state.multiSelection);
}

/** Index of the frame with `id` in id-ordered `frames`, or -1. */
export function indexOfFrame(frames: readonly FrameSummary[], id: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const midId = frames[mid]!.id;
    if (midId === id) return mid;
    if (midId < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * `existing` plus the frames of `incoming` it does not hold yet, ordered by id. Returns
 * `existing` itself when nothing is new, so subscribers do not re-render.
 */
export function mergeFrames(existing: FrameSummary[], incoming: readonly FrameSummary[]): FrameSummary[] {
  const seen = new Set<number>();
  const fresh: FrameSummary[] = [];
  for (const frame of incoming) {
    if (seen.has(frame.id) || indexOfFrame(existing, frame.id) >= 0) continue;
    seen.add(frame.id);
    fresh.push(frame);
  }
  if (fresh.length === 0) return existing;
  fresh.sort((a, b) => a.id - b.id);
  const last = existing[existing.length - 1];
  if (!last || fresh[0]!.id > last.id) return existing.concat(fresh);
  return existing.concat(fresh).sort((a, b) => a.id - b.id);
}

/** The reducers: each takes the data and returns the part that changes. */
export const reducers = {
  framesAppended(state: TrackwireData, frames: readonly FrameSummary[]): Partial<TrackwireData> {
    const merged = mergeFrames(state.frames, frames);
    if (merged === state.frames) return {};
    const { filter } = state;
    // Under a display filter the engine says which frames match (the bridge refetches).
    if (!filter || state.displayFilter !== null) return { frames: merged };
    const matching = frames.filter((f) => frameMatches(filter, f, state.sessions));
    const filteredFrames = mergeFrames(state.filteredFrames, matching);
    return filteredFrames === state.filteredFrames ? { frames: merged } : { frames: merged, filteredFrames };
  },
  sessionsChanged(state: TrackwireData, sessions: readonly SessionInfo[]): Partial<TrackwireData> {
    const merged = mergeSessions(state.sessions, sessions);
    if (merged === state.sessions) return {};
    const patch: Partial<TrackwireData> = { sessions: merged, devices: devicesAfterSessions(state.devices, sessions, merged) };
    // A device that reconnects brings a new session: its frames so far join the device's list.
    const joined = sessionsJoiningFilter(state.filter, state.sessions, sessions);
    if (joined.size > 0 && state.displayFilter === null) {
      const filteredFrames = mergeFrames(state.filteredFrames, state.frames.filter((f) => joined.has(f.sessionId)));
      if (filteredFrames !== state.filteredFrames) patch.filteredFrames = filteredFrames;
    }
    return patch;
  },
  devicesLoaded(state: TrackwireData, devices: readonly DeviceInfo[]): Partial<TrackwireData> {
    const merged = devicesAfterList(state.devices, devices, state.sessions);
    return merged === state.devices ? {} : { devices: merged };
  },
  setFilter(state: TrackwireData, filter: FrameFilter | null): Partial<TrackwireData> {
    if (sameFilter(state.filter, filter)) return {};
    // What the store holds shows at once; the engine's pages fill in the rest.
    const filteredFrames = filteredAtOnce(state, filter, state.displayFilter);
    return { filter, filterSeq: state.filterSeq + 1, filteredFrames, filteredTotal: null };
  },
  setDisplayFilter(state: TrackwireData, text: string | null): Partial<TrackwireData> {
    const displayFilter = text === null || text.trim() === '' ? null : text.trim();
    if (displayFilter === state.displayFilter) return {};
    const filteredFrames = filteredAtOnce(state, state.filter, displayFilter);
    return { displayFilter, filterSeq: state.filterSeq + 1, filteredFrames, filteredTotal: null };
  },
  filteredFramesLoaded(state: TrackwireData, seq: number, frames: readonly FrameSummary[]): Partial<TrackwireData> {
    if (seq !== state.filterSeq || !isListFiltered(state)) return {};
    const filteredFrames = mergeFrames(state.filteredFrames, frames);
    return filteredFrames === state.filteredFrames ? {} : { filteredFrames };
  },
  filteredCountLoaded(state: TrackwireData, seq: number, total: number): Partial<TrackwireData> {
    if (seq !== state.filterSeq || !isListFiltered(state)) return {};
    return total === state.filteredTotal ? {} : { filteredTotal: total };
  },
  statusChanged(_state: TrackwireData, status: EngineStatus): Partial<TrackwireData> {
    return { status };
  },
  selectFrame(state: TrackwireData, id: number | null): Partial<TrackwireData> {
    if (state.selectedFrameId === id) return {};
    return { selectedFrameId: id, detail: null, detailFor: null, selectedField: null };
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
  selectOnly(state: TrackwireData, id: number): Partial<TrackwireData> {
    const patch = reducers.selectFrame(state, id);
    return state.multiSelection ? { ...patch, multiSelection: null } : patch;
  },
  toggleFrameSelected(state: TrackwireData, id: number): Partial<TrackwireData> {
    const ids = toggleId(selectedFrameIds(state), id);
    return { ...reducers.selectFrame(state, id), multiSelection: { ids, focus: id, anchor: id } };
  },
  extendFrameSelection(state: TrackwireData, id: number): Partial<TrackwireData> {
    const frames = visibleFrames(state);
    const anchor = anchorOf(state.selectedFrameId, state.multiSelection) ?? id;
    const ids = rangeIds(frames, anchor, id, (x) => indexOfFrame(frames, x));
    if (ids.length === 0) return {};
    return { ...reducers.selectFrame(state, id), multiSelection: { ids, focus: id, anchor } };
  },
  selectAllFrames(state: TrackwireData): Partial<TrackwireData> {
    const frames = visibleFrames(state);
    const first = frames[0];
    if (!first) return {};
    const focus = state.selectedFrameId !== null && indexOfFrame(frames, state.selectedFrameId) >= 0 ? state.selectedFrameId : first.id;
    return { ...reducers.selectFrame(state, focus), multiSelection: { ids: frames.map((f) => f.id), focus, anchor: first.id } };
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
    const hidden = isListFiltered(state) && indexOfFrame(state.filteredFrames, id) < 0;
    // Both filters go: the frame shows among all of them.
    const cleared: Partial<TrackwireData> = { filter: null, displayFilter: null, filterSeq: state.filterSeq + 1, filteredFrames: [], filteredTotal: null };
    const base = hidden ? { ...state, ...cleared } : state;
    const patch = reducers.selectOnly(base, id);
    return hidden ? { ...cleared, ...patch } : patch;
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
    framesAppended: (frames) => set((s) => reducers.framesAppended(s, frames)),
    statusChanged: (status) => set((s) => reducers.statusChanged(s, status)),
    selectFrame: (id) => set((s) => reducers.selectFrame(s, id)),
    detailLoaded: (detail, forId) => set((s) => reducers.detailLoaded(s, detail, forId)),
    selectField: (path) => set((s) => reducers.selectField(s, path)),
    showBanner: (banner) => set((s) => reducers.showBanner(s, banner)),
    sessionsChanged: (sessions) => set((s) => reducers.sessionsChanged(s, sessions)),
    devicesLoaded: (devices) => set((s) => reducers.devicesLoaded(s, devices)),
    setFilter: (filter) => set((s) => reducers.setFilter(s, filter)),
    setDisplayFilter: (text) => set((s) => reducers.setDisplayFilter(s, text)),
    filteredFramesLoaded: (seq, frames) => set((s) => reducers.filteredFramesLoaded(s, seq, frames)),
    filteredCountLoaded: (seq, total) => set((s) => reducers.filteredCountLoaded(s, seq, total)),
    selectOnly: (id) => set((s) => reducers.selectOnly(s, id)),
    toggleFrameSelected: (id) => set((s) => reducers.toggleFrameSelected(s, id)),
    extendFrameSelection: (id) => set((s) => reducers.extendFrameSelection(s, id)),
    selectAllFrames: () => set((s) => reducers.selectAllFrames(s)),
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
