/**
 * The window's keyboard shortcuts, as in Wireshark: Ctrl+O opens a capture, Ctrl+K the live
 * capture dialog (Capture Options), Ctrl+E starts or stops a live capture; Ctrl+Shift+E exports;
 * Ctrl+Shift+K opens the command composer; Ctrl+/ (or Ctrl+Shift+F) focuses the display filter;
 * Ctrl+F finds a frame, Ctrl+G goes to a frame by number.
 * Cmd stands for Ctrl on macOS. Pure, no React.
 */

export type ShortcutAction = 'open-capture' | 'live-capture' | 'toggle-live' | 'export' | 'composer' | 'focus-filter' | 'find' | 'go-to-frame';

export const SHORTCUT_LABELS: Readonly<Record<ShortcutAction, string>> = {
  'open-capture': 'Ctrl+O',
  'live-capture': 'Ctrl+K',
  'toggle-live': 'Ctrl+E',
  export: 'Ctrl+Shift+E',
  composer: 'Ctrl+Shift+K',
  'focus-filter': 'Ctrl+/',
  find: 'Ctrl+F',
  'go-to-frame': 'Ctrl+G',
};

/** The action a key press asks for, or null. */
export function shortcutFor(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): ShortcutAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  // Ctrl+/ by the character typed, so also where / needs Shift (Ctrl+Shift+7 on a German layout).
  if (key === '/') return 'focus-filter';
  if (event.shiftKey) return key === 'e' ? 'export' : key === 'k' ? 'composer' : key === 'f' ? 'focus-filter' : null;
  if (key === 'o') return 'open-capture';
  if (key === 'k') return 'live-capture';
  if (key === 'e') return 'toggle-live';
  if (key === 'f') return 'find';
  if (key === 'g') return 'go-to-frame';
  return null;
}
