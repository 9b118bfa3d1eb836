/**
 * Selecting several frames in the list (Ctrl+click toggles one, Shift+click or Shift+arrows
 * take a range from the anchor, Ctrl+A takes all shown): what the export of "selected frames"
 * writes. The selected frame of the store stays the one whose detail is shown (the focus).
 * Pure, no React.
 */
import type { FrameSummary } from '../../../src-main/api/contract';

/** Frames chosen with Ctrl/Shift; it holds while `focus` is the store's selected frame. */
export interface MultiSelection {
  /** Ascending, no duplicates. */
  ids: readonly number[];
  /** The frame whose detail is shown. */
  focus: number;
  /** Where a Shift range starts. */
  anchor: number;
}

/** The ids selected now: the multi-selection while it holds, else the selected frame alone. */
export function selectedIds(selectedFrameId: number | null, multi: MultiSelection | null): readonly number[] {
  if (multi && multi.focus === selectedFrameId) return multi.ids;
  return selectedFrameId === null ? [] : [selectedFrameId];
}

/** The anchor a Shift range starts from now. */
export function anchorOf(selectedFrameId: number | null, multi: MultiSelection | null): number | null {
  if (multi && multi.focus === selectedFrameId) return multi.anchor;
  return selectedFrameId;
}

/** `ids` with `id` added or removed, ascending. */
export function toggleId(ids: readonly number[], id: number): number[] {
  if (ids.includes(id)) return ids.filter((x) => x !== id);
  return [...ids, id].sort((a, b) => a - b);
}

/**
 * Ids of the frames shown from `anchor` to `id` inclusive, ascending (in the list's order, which
 * is by id); just `[id]` when the anchor is not among them.
 */
export function rangeIds(frames: readonly FrameSummary[], anchor: number | null, id: number, indexOf: (id: number) => number): number[] {
  const to = indexOf(id);
  if (to < 0) return [];
  const from = anchor === null ? -1 : indexOf(anchor);
  if (from < 0) return [id];
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(frames[i]!.id);
  return out;
}
