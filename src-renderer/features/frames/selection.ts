/**
 * Selecting several frames in the list (Ctrl+click toggles one, Shift+click or Shift+arrows
 * take a range from the anchor, Ctrl+A takes all shown): what the export of "selected frames"
 * writes. The selected frame of the store stays the one whose detail is shown (the focus).
 * Pure, no React.
 */
/** Frames chosen with Ctrl/Shift; it holds while `focus` is the store's selected frame. */
export interface MultiSelection {
  /** Ascending, no duplicates. */
  ids: readonly number[];
  /** The frame whose detail is shown. */
  focus: number;
  /** Where a Shift range starts. */
  anchor: number;
  /** The anchor's list position, when known. */
  anchorIndex: number | null;
  /** Ctrl+A: every row of the list (`ids` is not filled: a list can hold a million frames). */
  all?: boolean;
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

/** The anchor's list position: the multi-selection's while it holds, else the selected frame's. */
export function anchorIndexOf(selectedIndex: number | null, multi: MultiSelection | null, anchorIsSelected: boolean): number | null {
  if (multi && !anchorIsSelected) return multi.anchorIndex;
  return selectedIndex;
}

/**
 * Ids of the rows from list position `from` to `to` inclusive, ascending; rows whose id is not
 * known (`idAt` undefined: not fetched) are left out.
 */
export function rangeIds(from: number, to: number, idAt: (index: number) => number | undefined): number[] {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) {
    const id = idAt(i);
    if (id !== undefined) out.push(id);
  }
  return out;
}
