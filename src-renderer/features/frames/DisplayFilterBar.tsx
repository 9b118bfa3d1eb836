/**
 * The display-filter bar above the frame list, as in Wireshark: the filter is checked as it is
 * typed (an invalid one turns the box red, says why and marks where, and is never applied),
 * Enter applies it, Esc or × clears it, Ctrl+/ focuses it. Field names complete the word under
 * the cursor (Tab or Enter accepts, arrows choose). See displayFilter.ts for the logic.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { filterFieldNames } from '../../../parsers/core/display-filter';
import { SHORTCUT_LABELS } from '../../app/shortcuts';
import { useTrackwire } from '../../app/store';
import { formatCount } from '../sessions/format';
import { acceptCompletion, completionsAt, filterToApply, loadFieldNames, validateFilter } from './displayFilter';

const INPUT_ID = 'display-filter-input';
const LIST_ID = 'display-filter-completions';

/** Put the keyboard in the display-filter box (Ctrl+/), its text selected. */
export function focusDisplayFilter(): void {
  const input = document.getElementById(INPUT_ID);
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}

export function DisplayFilterBar() {
  const applied = useTrackwire((s) => s.displayFilter);
  const setDisplayFilter = useTrackwire((s) => s.setDisplayFilter);
  const total = useTrackwire((s) => s.rows.total);
  const counted = useTrackwire((s) => s.rows.known);
  /** How far the engine got with this filter, while it decodes every frame for it. */
  const progress = useTrackwire((s) => (s.status?.filtering && s.status.filtering.filter === s.displayFilter ? s.status.filtering : null));
  const [text, setText] = useState(applied ?? '');
  const [cursor, setCursor] = useState(0);
  const [names, setNames] = useState<string[]>(filterFieldNames);
  /** Whether the dropdown may show: while typing in the box, until Esc, a choice or leaving. */
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const pendingCursor = useRef<number | null>(null);

  // The filter applied or dropped elsewhere (e.g. a frame revealed outside it) shows here.
  useEffect(() => setText(applied ?? ''), [applied]);

  useLayoutEffect(() => {
    const input = inputRef.current;
    const at = pendingCursor.current;
    if (!input || at === null) return;
    pendingCursor.current = null;
    input.setSelectionRange(at, at);
    setScrollLeft(input.scrollLeft);
  }, [text]);

  const validation = useMemo(() => validateFilter(text), [text]);
  const suggestions = useMemo(() => (open ? completionsAt(names, text, cursor) : []), [open, names, text, cursor]);
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  const syncCursor = useCallback(() => {
    const input = inputRef.current;
    if (!input) return;
    setCursor(input.selectionStart ?? input.value.length);
    setScrollLeft(input.scrollLeft);
  }, []);

  const accept = useCallback(
    (name: string) => {
      const next = acceptCompletion(text, cursor, name);
      pendingCursor.current = next.cursor;
      setText(next.text);
      setCursor(next.cursor);
      setActive(0);
      // A prefix such as `attr.` or `issue` goes on completing.
      setOpen(name.endsWith('.'));
    },
    [text, cursor],
  );

  const apply = useCallback(() => {
    const filter = filterToApply(text);
    if (filter === undefined) return;
    setOpen(false);
    setDisplayFilter(filter);
    if (filter !== null && filter !== text) setText(filter);
  }, [text, setDisplayFilter]);

  const clear = useCallback(() => {
    setText('');
    setCursor(0);
    setOpen(false);
    setDisplayFilter(null);
  }, [setDisplayFilter]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLInputElement>) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const choosing = suggestions.length > 0;
      switch (event.key) {
        case 'Tab':
        case 'Enter':
          event.preventDefault();
          if (choosing) accept(suggestions[activeIndex]!);
          else if (event.key === 'Enter') apply();
          else if (event.key === 'Tab') (event.currentTarget.closest('.pane')?.querySelector('.frame-list') as HTMLElement | null)?.focus();
          return;
        case 'ArrowDown':
        case 'ArrowUp':
          if (!choosing) return;
          event.preventDefault();
          setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
          return;
        case 'Escape':
          event.preventDefault();
          event.stopPropagation();
          if (choosing) setOpen(false);
          else clear();
          return;
      }
    },
    [suggestions, activeIndex, accept, apply, clear],
  );

  const onFocus = useCallback(() => {
    loadFieldNames().then(setNames, () => undefined);
  }, []);

  const invalid = validation.state === 'invalid';
  const pending = !invalid && (filterToApply(text) ?? null) !== applied;
  const className = ['display-filter', `display-filter--${validation.state}`, pending ? 'display-filter--pending' : ''].filter(Boolean).join(' ');

  return (
    <div className="display-filter-bar" data-testid="display-filter-bar">
      <div className={className} data-state={validation.state} data-applied={applied ?? ''}>
        <input
          ref={inputRef}
          id={INPUT_ID}
          className="display-filter-input mono"
          data-testid="display-filter"
          type="text"
          role="combobox"
          aria-label="Display filter"
          aria-invalid={invalid}
          aria-expanded={suggestions.length > 0}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={suggestions.length > 0 ? `${LIST_ID}-${activeIndex}` : undefined}
          aria-describedby={invalid ? 'display-filter-error' : undefined}
          placeholder={`Apply a display filter … (${SHORTCUT_LABELS['focus-filter']})   e.g. type == login && deviceId contains 1234`}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setCursor(event.target.selectionStart ?? event.target.value.length);
            setScrollLeft(event.target.scrollLeft);
            setOpen(true);
            setActive(0);
          }}
          onSelect={syncCursor}
          onScroll={syncCursor}
          onKeyDown={onKeyDown}
          onFocus={onFocus}
          onBlur={() => setOpen(false)}
        />
        {invalid && (
          <span
            className="display-filter-mark"
            aria-hidden="true"
            data-testid="display-filter-mark"
            data-at={validation.at}
            style={{ left: `calc(var(--filter-pad) + ${validation.at}ch - ${scrollLeft}px)` }}
          />
        )}
        {(text !== '' || applied !== null) && (
          <button type="button" className="display-filter-clear" aria-label="Clear the display filter (Esc)" title="Clear the display filter (Esc)" data-testid="display-filter-clear" onMouseDown={(e) => e.preventDefault()} onClick={clear}>
            ×
          </button>
        )}
        <button
          type="button"
          className="display-filter-apply"
          aria-label="Apply the display filter (Enter)"
          title={invalid ? 'The filter is not valid' : 'Apply the display filter (Enter)'}
          data-testid="display-filter-apply"
          disabled={invalid || !pending}
          onClick={apply}
        >
          →
        </button>
        {suggestions.length > 0 && (
          <ul className="display-filter-completions" id={LIST_ID} role="listbox" data-testid="display-filter-completions">
            {suggestions.map((name, i) => (
              <li
                key={name}
                id={`${LIST_ID}-${i}`}
                role="option"
                aria-selected={i === activeIndex}
                className={i === activeIndex ? 'mono active' : 'mono'}
                data-testid="display-filter-completion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(name);
                }}
              >
                {name}
              </li>
            ))}
          </ul>
        )}
      </div>
      {invalid ? (
        <span className="display-filter-error" id="display-filter-error" role="alert" data-testid="display-filter-error" data-at={validation.at}>
          {validation.error}
        </span>
      ) : (
        applied !== null && (
          <span className="display-filter-count" data-testid="display-filter-count" data-counted={counted}>
            {counted
              ? `${formatCount(total)} matching frame${total === 1 ? '' : 's'}`
              : progress
                ? `filtering… ${Math.floor((100 * progress.tested) / Math.max(1, progress.of))} % of ${formatCount(progress.of)} frames`
                : 'filtering…'}
          </span>
        )
      )}
    </div>
  );
}
