/**
 * The desktop app's menu bar: File (Open Capture…, Open Recent, Open Sample, Quit), Edit, View
 * (zoom, full screen) and Window — Wireshark's and VS Code's places for them. The template is
 * built from plain data so it is tested without Electron; main.ts turns it into a Menu and
 * rebuilds it when the recent list changes.
 */
import path from 'node:path';
import type { RecentCapture } from '../api/contract';

/** The parts of Electron's MenuItemConstructorOptions used here. */
export interface MenuItemSpec {
  label?: string;
  role?: 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'quit' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'minimize' | 'close' | 'about';
  type?: 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  toolTip?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuActions {
  /** The native open dialog, then the capture opens. */
  chooseCapture(): void;
  /** Open this capture file. */
  openCapture(file: string): void;
  clearRecent(): void;
}

export interface MenuInput {
  recent: readonly RecentCapture[];
  samples: ReadonlyArray<{ name: string; path: string }>;
  isMac: boolean;
}

/** Menu labels escape `&` (Electron reads `&x` as a mnemonic on Windows and Linux). */
function menuLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

/** `name — folder` for a recent file (folders tell apart files of the same name). */
export function recentLabel(r: RecentCapture, index: number): string {
  const folder = path.basename(path.dirname(r.path));
  const text = `${r.name}${folder ? ` — ${folder}` : ''}${r.exists ? '' : ' (not found)'}`;
  return `${index < 9 ? `&${index + 1} ` : ''}${menuLabel(text)}`;
}

export function menuTemplate(input: MenuInput, actions: MenuActions): MenuItemSpec[] {
  const recent: MenuItemSpec[] = input.recent.length
    ? [
        ...input.recent.map((r, i) => ({ label: recentLabel(r, i), enabled: r.exists, toolTip: r.path, click: () => actions.openCapture(r.path) })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent captures', enabled: false }];
  const samples: MenuItemSpec[] = input.samples.length
    ? input.samples.map((s) => ({ label: menuLabel(s.name), toolTip: s.path, click: () => actions.openCapture(s.path) }))
    : [{ label: 'No samples installed', enabled: false }];
  return [
    ...(input.isMac ? [{ label: 'Trackwire', submenu: [{ role: 'about' as const }, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    {
      label: '&File',
      submenu: [
        // The window's own Ctrl+O handler does the same; the accelerator shows it in the menu.
        { label: 'Open Capture…', accelerator: 'CmdOrCtrl+O', click: () => actions.chooseCapture() },
        { label: 'Open Recent', submenu: recent },
        { label: 'Open Sample', submenu: samples },
        ...(input.isMac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    {
      label: '&Edit',
      // No Select All: Ctrl+A selects every frame of the list (an accelerator would take the key).
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }],
    },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
