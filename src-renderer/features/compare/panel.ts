/**
 * Whether the compare/validate panel is open, and on what: its own small store, so the toolbar,
 * the devices table and the panel share it without the app store knowing of it.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type PanelTab = 'compare' | 'validate';

export interface PanelRequest {
  tab: PanelTab;
  /** Validate: the source to choose (a `device:…` or `session:…` key) and run at once. */
  validate?: string;
  /** Counts requests, so asking for the same device again runs it again. */
  seq: number;
}

interface PanelState {
  open: PanelRequest | null;
}

export const comparePanel = createStore<PanelState>()(() => ({ open: null }));

let seq = 0;

/** Open the panel on the comparison (it keeps its results). */
export function openCompare(): void {
  comparePanel.setState({ open: { tab: 'compare', seq: ++seq } });
}

/** Open the panel on the validation of a device and run it. */
export function openValidation(deviceId: string): void {
  comparePanel.setState({ open: { tab: 'validate', validate: `device:${deviceId}`, seq: ++seq } });
}

export function closeComparePanel(): void {
  comparePanel.setState({ open: null });
}

export function useComparePanel<T>(selector: (s: PanelState) => T): T {
  return useStore(comparePanel, selector);
}
