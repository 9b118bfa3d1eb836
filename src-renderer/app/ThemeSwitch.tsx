/** The theme control of the top bar: System, Light or Dark, kept for the next start. */
import { setThemeChoice, parseThemeChoice, THEME_CHOICES, useResolvedTheme, useThemeChoice, type ThemeChoice } from './theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const choice = useThemeChoice();
  const resolved = useResolvedTheme();
  return (
    <label className="theme-switch" title={choice === 'system' ? `Theme: follows the system (${resolved} now)` : `Theme: ${choice}`}>
      <span className="theme-switch-label">Theme</span>
      <select aria-label="Theme" data-testid="theme-switch" value={choice} onChange={(e) => setThemeChoice(parseThemeChoice(e.target.value))}>
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
