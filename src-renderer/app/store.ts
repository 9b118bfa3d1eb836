/**
 * The renderer's one store. Engine pushes reach it only through `engineBridge.ts`; components
 * read it with `useTrackwire(selector)` and change it with the actions below. The reducers are
 * plain functions over the state so they can be tested without React.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { EngineStatus, FrameDetail, FrameSummary } from '../../src-main/api/contract';
import type { FieldPath } from '../features/decode/tree';

export type { FieldPath };

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
}

export interface TrackwireActions {
  framesAppended(frames: readonly FrameSummary[]): void;
  statusChanged(status: EngineStatus): void;
  selectFrame(id: number | null): void;
  detailLoaded(detail: FrameDetail | null, forId: number): void;
  selectField(path: FieldPath | null): void;
  showBanner(banner: Banner | null): void;
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
};

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
    return merged === state.frames ? {} : { frames: merged };
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
  }));
}

export type TrackwireStore = ReturnType<typeof createTrackwireStore>;

export const trackwireStore: TrackwireStore = createTrackwireStore();

/** Read the app store from a component. */
export function useTrackwire<T>(selector: (state: TrackwireState) => T): T {
  return useStore(trackwireStore, selector);
}
