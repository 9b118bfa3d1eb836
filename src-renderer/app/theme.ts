/**
 * Light and dark themes. The user chooses System, Light or Dark (kept in localStorage); System
 * follows the operating system's setting as it changes. styles.css holds the colours: the light
 * ones on :root, the dark ones under `data-theme="dark"`; this module marks <html> with the
 * theme it resolves (before the first render, and again when the choice or the system's
 * preference changes). The resolved theme is also what Monaco's theme follows.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'trackwire.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A stored value as a choice: anything unknown (or nothing) is System. */
export function parseThemeChoice(value: unknown): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The theme shown for a choice, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Mark the root element with the theme shown: `data-theme` is what styles.css reads. */
export function applyTheme(theme: Theme, root: { setAttribute(n: string, v: string): void }): void {
  root.setAttribute('data-theme', theme);
}

/** The bits of the window the theme needs; tests pass their own. */
export interface ThemeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  media: Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'> | null;
  root: { setAttribute(n: string, v: string): void } | null;
}

function browserEnv(): ThemeEnv {
  if (typeof window === 'undefined') return { storage: null, media: null, root: null };
  let storage: ThemeEnv['storage'] = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // storage disabled: the choice lasts until the window closes
  }
  return { storage, media: window.matchMedia?.(DARK_QUERY) ?? null, root: document.documentElement };
}

/** The user's choice and the system's preference, with their listeners: one per window. */
export function createThemeState(env: ThemeEnv) {
  let choice = parseThemeChoice(safeGet(env.storage));
  /** Whether the root follows the system's changes (once `apply` ran). */
  let following = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  const resolved = (): Theme => resolveTheme(choice, env.media?.matches === true);
  /** Mark the root with the theme shown now. */
  const mark = () => {
    if (env.root) applyTheme(resolved(), env.root);
  };
  return {
    choice: () => choice,
    resolved,
    /**
     * Mark the document with the theme of the stored choice (before the first render, so nothing
     * flashes), and keep it marked as the system's preference changes.
     */
    apply(): void {
      if (!env.root) return;
      mark();
      if (!following) {
        following = true;
        env.media?.addEventListener('change', mark);
      }
    },
    set(next: ThemeChoice): void {
      choice = next;
      try {
        env.storage?.setItem(THEME_STORAGE_KEY, next);
      } catch {
        // full or disabled storage: the choice still applies now
      }
      mark();
      notify();
    },
    /** Called on a change of the choice or of the system's preference. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      const onMedia = () => listener();
      env.media?.addEventListener('change', onMedia);
      return () => {
        listeners.delete(listener);
        env.media?.removeEventListener('change', onMedia);
      };
    },
  };
}

function safeGet(storage: ThemeEnv['storage']): string | null {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export type ThemeState = ReturnType<typeof createThemeState>;

let state: ThemeState | null = null;

/** This window's theme state. */
export function themeState(): ThemeState {
  state ??= createThemeState(browserEnv());
  return state;
}

/** Apply the stored choice to the document: call once before the first render. */
export function initTheme(): void {
  themeState().apply();
}

/** The user's choice (System, Light, Dark). */
export function useThemeChoice(): ThemeChoice {
  const s = themeState();
  return useSyncExternalStore(s.subscribe, s.choice, s.choice);
}

/** The theme shown now: follows the choice and, for System, the operating system. */
export function useResolvedTheme(): Theme {
  const s = themeState();
  return useSyncExternalStore(s.subscribe, s.resolved, s.resolved);
}

export function setThemeChoice(choice: ThemeChoice): void {
  themeState().set(choice);
}
