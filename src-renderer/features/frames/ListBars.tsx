/**
 * The bars above the frame list that Ctrl+F and Ctrl+G open, as in Wireshark: Find (text in the
 * columns, hex bytes or a display filter; Enter or F3 finds the next, Shift+Enter or Shift+F3
 * the previous, wrapping around) and Go to frame (a frame number). Esc closes either and gives
 * the list the keyboard back.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FindMode } from '../../../src-main/api/contract';
import { getApi } from '../../api';
import { listArgs } from '../../app/engineBridge';
import { trackwireStore, useTrackwire } from '../../app/store';
import { findMessage, parseFrameNumber } from './find';

export type ListBarKind = 'find' | 'goto';

const FIND_MODES: ReadonlyArray<{ mode: FindMode; label: string; placeholder: string }> = [
  { mode: 'text', label: 'Text', placeholder: 'Text in protocol, type, device, source or summary' },
  { mode: 'hex', label: 'Hex bytes', placeholder: 'Bytes, e.g. 78 78 or 0d0a' },
  { mode: 'filter', label: 'Display filter', placeholder: 'e.g. issue.checksum || position.speed > 120' },
];

/** Focus the frame list (after a bar closes). */
function focusList(): void {
  const grid = document.querySelector<HTMLElement>('[role=grid][aria-label=Frames]');
  grid?.focus();
}

function FindBar({ onClose }: { onClose: () => void }) {
  const [mode, setMode] = useState<FindMode>('text');
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const find = useCallback(
    async (backwards: boolean) => {
      const state = trackwireStore.getState();
      if (!query.trim() || busy) return;
      const from = state.selectedFrameId ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
      setBusy(true);
      setMessage({ text: 'Searching…', error: false });
      try {
        const id = await getApi().request('findFrame', { ...listArgs(state), from, mode, query, backwards });
        setMessage(findMessage(id, from, backwards));
        if (id !== null) trackwireStore.getState().revealFrame(id);
      } catch (err) {
        setMessage({ text: err instanceof Error ? err.message : String(err), error: true });
      } finally {
        setBusy(false);
      }
    },
    [query, mode, busy],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === 'F3') {
      event.preventDefault();
      void find(event.shiftKey);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      focusList();
    }
  };
  const current = FIND_MODES.find((m) => m.mode === mode)!;
  return (
    <div className="list-bar" role="search" aria-label="Find a frame" data-testid="find-bar" onKeyDown={onKeyDown}>
      <label htmlFor="find-mode">Find</label>
      <select id="find-mode" value={mode} data-testid="find-mode" onChange={(e) => setMode(e.target.value as FindMode)}>
        {FIND_MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      <input
        ref={inputRef}
        type="text"
        value={query}
        placeholder={current.placeholder}
        aria-label="Find what"
        spellCheck={false}
        data-testid="find-input"
        onChange={(e) => setQuery(e.target.value)}
      />
      <button type="button" disabled={busy || !query.trim()} title="Previous match (Shift+Enter, Shift+F3)" data-testid="find-previous" onClick={() => void find(true)}>
        ↑
      </button>
      <button type="button" disabled={busy || !query.trim()} title="Next match (Enter, F3)" data-testid="find-next" onClick={() => void find(false)}>
        ↓
      </button>
      {message && (
        <span className={message.error ? 'list-bar-message list-bar-message--error' : 'list-bar-message'} role="status" data-testid="find-message">
          {message.text}
        </span>
      )}
      <span className="spacer" />
      <button type="button" aria-label="Close (Esc)" title="Close (Esc)" onClick={() => { onClose(); focusList(); }}>
        ×
      </button>
    </div>
  );
}

function GoToBar({ onClose }: { onClose: () => void }) {
  const frameTotal = useTrackwire((s) => s.frameTotal);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const go = () => {
    const parsed = parseFrameNumber(text, frameTotal);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    trackwireStore.getState().revealFrame(parsed.id);
    onClose();
    focusList();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      go();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      focusList();
    }
  };
  return (
    <div className="list-bar" role="search" aria-label="Go to frame" data-testid="goto-bar" onKeyDown={onKeyDown}>
      <label htmlFor="goto-input">Go to frame</label>
      <input
        id="goto-input"
        ref={inputRef}
        type="text"
        inputMode="numeric"
        value={text}
        placeholder={frameTotal > 0 ? `1 – ${frameTotal}` : 'no frames yet'}
        aria-invalid={error !== null}
        data-testid="goto-input"
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      <button type="button" data-testid="goto-go" onClick={go}>
        Go
      </button>
      {error && (
        <span className="list-bar-message list-bar-message--error" role="alert" data-testid="goto-error">
          {error}
        </span>
      )}
      <span className="spacer" />
      <button type="button" aria-label="Close (Esc)" title="Close (Esc)" onClick={() => { onClose(); focusList(); }}>
        ×
      </button>
    </div>
  );
}

/** The open bar, if any. */
export function ListBar({ kind, onClose }: { kind: ListBarKind | null; onClose: () => void }) {
  if (kind === 'find') return <FindBar onClose={onClose} />;
  if (kind === 'goto') return <GoToBar onClose={onClose} />;
  return null;
}
