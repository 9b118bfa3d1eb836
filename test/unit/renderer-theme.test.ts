// Themes: the choice resolved against the system's preference, kept in storage and marked on the
// root element; and styles.css itself: every colour a variable, the dark colours defined once, both
// themes complete and readable (WCAG contrast of the pairs the UI puts on each other).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTheme, createThemeState, parseThemeChoice, resolveTheme, THEME_STORAGE_KEY, type ThemeEnv } from '../../src-renderer/app/theme';

const CSS = readFileSync(path.resolve(__dirname, '..', '..', 'src-renderer', 'styles.css'), 'utf8');

function fakeRoot() {
  const attrs = new Map<string, string>();
  return { attrs, setAttribute: (n: string, v: string) => void attrs.set(n, v), removeAttribute: (n: string) => void attrs.delete(n) };
}

function fakeEnv(stored: string | null, systemDark: boolean) {
  const items = new Map<string, string>(stored === null ? [] : [[THEME_STORAGE_KEY, stored]]);
  const mediaListeners = new Set<() => void>();
  const media = {
    matches: systemDark,
    addEventListener: (_t: string, l: () => void) => void mediaListeners.add(l),
    removeEventListener: (_t: string, l: () => void) => void mediaListeners.delete(l),
  };
  const root = fakeRoot();
  const env: ThemeEnv = { storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) }, media: media as unknown as ThemeEnv['media'], root };
  return {
    env,
    items,
    root,
    media,
    mediaListeners,
    systemChanges(dark: boolean) {
      media.matches = dark;
      for (const l of mediaListeners) l();
    },
  };
}

describe('theme choice', () => {
  it('resolves System by the system preference, Light and Dark as chosen', () => {
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('reads anything unknown as System', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    for (const v of [null, undefined, '', 'Dark', 'blue', 1]) expect(parseThemeChoice(v)).toBe('system');
  });

  it('marks the root with the theme shown', () => {
    const root = fakeRoot();
    applyTheme('dark', root);
    expect(root.attrs.get('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(root.attrs.get('data-theme')).toBe('light');
  });

  it('starts from the stored choice, stores a new one, and tells subscribers of choice and system changes', () => {
    const f = fakeEnv('dark', false);
    const state = createThemeState(f.env);
    state.apply();
    expect(state.choice()).toBe('dark');
    expect(state.resolved()).toBe('dark');
    expect(f.root.attrs.get('data-theme')).toBe('dark');

    let calls = 0;
    const off = state.subscribe(() => calls++);
    state.set('system');
    expect(f.items.get(THEME_STORAGE_KEY)).toBe('system');
    // System: the root shows what the system prefers, and follows it.
    expect(f.root.attrs.get('data-theme')).toBe('light');
    expect(state.resolved()).toBe('light');
    f.systemChanges(true);
    expect(state.resolved()).toBe('dark');
    expect(f.root.attrs.get('data-theme')).toBe('dark');
    expect(calls).toBe(2);
    off();
    f.systemChanges(false);
    expect(calls).toBe(2);
    expect(f.root.attrs.get('data-theme')).toBe('light');
    // A chosen theme holds whatever the system says.
    state.set('dark');
    f.systemChanges(false);
    expect(f.root.attrs.get('data-theme')).toBe('dark');
  });

  it('works without storage (disabled) and without matchMedia', () => {
    const root = fakeRoot();
    const state = createThemeState({
      storage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('denied');
        },
      },
      media: null,
      root,
    });
    expect(state.choice()).toBe('system');
    expect(state.resolved()).toBe('light');
    state.set('dark');
    expect(state.resolved()).toBe('dark');
    expect(root.attrs.get('data-theme')).toBe('dark');
  });
});

/** The `--name: value` declarations of the first rule that starts with `head`. */
function declarations(head: string): Map<string, string> {
  const at = CSS.indexOf(head);
  expect(at, `styles.css has ${head}`).toBeGreaterThanOrEqual(0);
  const body = CSS.slice(at + head.length, CSS.indexOf('}', at));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const COLOUR = /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/i;
const LIGHT = declarations(':root {');
const DARK = declarations(":root[data-theme='dark'] {");
const colourVars = (m: Map<string, string>) => new Set([...m].filter(([, v]) => COLOUR.test(v)).map(([k]) => k));

/** Relative luminance of `#rrggbb` (WCAG 2.x). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('styles.css themes', () => {
  it('defines the dark colours once, under the theme the root is marked with', () => {
    expect(DARK.size).toBeGreaterThan(30);
    // theme.ts marks the root with the theme it resolves: no media query repeats the colours.
    expect(CSS).not.toMatch(/prefers-color-scheme/);
    expect(CSS).toMatch(/:root\[data-theme='light'\] \{\s*color-scheme: light;/);
    expect(CSS).toMatch(/:root\[data-theme='dark'\] \{\s*color-scheme: dark;/);
  });

  it('gives every light colour a dark value and nothing else', () => {
    const light = colourVars(LIGHT);
    expect(light.size).toBeGreaterThan(30);
    expect([...colourVars(DARK)].sort()).toEqual([...light].sort());
    expect([...DARK.keys()].sort()).toEqual([...light].sort());
  });

  it('uses colours only through the variables', () => {
    // Everything but the two variable blocks, without comments.
    let rest = CSS.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const head of [':root {', ":root[data-theme='dark'] {"]) {
      const at = rest.indexOf(head);
      rest = rest.slice(0, at) + rest.slice(rest.indexOf('}', at) + 1);
    }
    const offending = rest.split('\n').filter((line) => COLOUR.test(line) || /:\s*(?:[^;]*\s)?(white|black|red|green|blue|orange|gray|grey|yellow|silver)\b[^-]/i.test(line.replace(/white-space:[^;]*;/, '')));
    expect(offending).toEqual([]);
  });

  // Text and marks on the backgrounds they sit on: 4.5:1 for text, 3:1 for large or non-text marks.
  const PAIRS: Array<[string, string, number]> = [
    ['--text', '--bg', 7],
    ['--text', '--bg-alt', 7],
    ['--text', '--bg-bar', 7],
    ['--text-dim', '--bg', 4.5],
    ['--text-dim', '--bg-alt', 4.5],
    ['--text-dim', '--bg-bar', 4.5],
    ['--text', '--row-hover', 4.5],
    ['--text', '--row-down', 4.5],
    ['--text', '--row-error', 4.5],
    ['--text', '--row-warning', 4.5],
    ['--text', '--row-info', 4.5],
    ['--text', '--accent-soft', 4.5],
    ['--text', '--text-selection', 4.5],
    ['--text-dim', '--row-error', 4.5],
    ['--text-dim', '--row-warning', 4.5],
    ['--sev-error', '--bg', 4.5],
    ['--sev-error', '--row-error', 4.5],
    ['--sev-warning', '--bg', 4.5],
    ['--sev-warning', '--row-warning', 4.5],
    ['--sev-info', '--bg', 4.5],
    ['--sev-info', '--row-info', 4.5],
    ['--row-selected-text', '--row-selected', 4.5],
    ['--on-accent-fill', '--accent-fill', 4.5],
    ['--on-danger', '--danger', 4.5],
    ['--byte-selected-text', '--byte-selected', 4.5],
    ['--banner-bad-text', '--banner-bad', 4.5],
    ['--banner-warn-text', '--banner-warn', 4.5],
    ['--accent', '--bg', 4.5],
    ['--dir-up', '--bg', 4.5],
    ['--dir-down', '--row-down', 4.5],
    ['--undecoded-text', '--undecoded-bg', 3],
    ['--evidence-for', '--bg-alt', 3],
    ['--evidence-against', '--bg-alt', 3],
    ['--online', '--bg', 3],
    ['--recording', '--bg', 3],
    ['--focus-ring', '--bg', 3],
  ];

  for (const [theme, vars] of [
    ['light', LIGHT],
    ['dark', DARK],
  ] as const) {
    it(`is readable in the ${theme} theme`, () => {
      const low = PAIRS.map(([fg, bg, min]) => ({ fg, bg, min, ratio: Math.round(contrast(vars.get(fg)!, vars.get(bg)!) * 100) / 100 })).filter((p) => p.ratio < p.min);
      expect(low).toEqual([]);
    });
  }
});
