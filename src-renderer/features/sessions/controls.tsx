/** The responder selector (global and per session) and the "decode as" selector. */
import { useState, type KeyboardEvent } from 'react';
import { captureFlowKey, type ResponderMode, type ResponderSetting, type SessionInfo } from '../../../src-main/api/contract';
import { captureById, captureOfSession } from '../captures/model';
import { getCommands } from '../../app/commands';
import { useTrackwire } from '../../app/store';
import { DEFAULT_DELAY_MS, parseDelay, RESPONDER_MODES, responderText, type ResponderChoice } from './format';
import { useProtocolChoices } from './protocols';

/** The delay in ms, applied on Enter or when the box loses focus. */
function DelayInput({ delayMs, onApply, tabIndex, testId }: { delayMs: number; onApply: (ms: number) => void; tabIndex?: number; testId: string }) {
  const [text, setText] = useState(String(delayMs));
  const invalid = parseDelay(text) === null;
  const apply = () => {
    const ms = parseDelay(text);
    if (ms === null) setText(String(delayMs));
    else if (ms !== delayMs) onApply(ms);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape' && text !== String(delayMs)) {
      // Esc undoes the typing first; pressed again it reaches the window (clears the filter).
      event.preventDefault();
      event.stopPropagation();
      setText(String(delayMs));
    }
  };
  return (
    <span className="delay-input">
      <input
        type="text"
        inputMode="numeric"
        className="mono"
        size={6}
        value={text}
        aria-label="Delay in milliseconds"
        aria-invalid={invalid || undefined}
        title="Delay before each answer, 0–600000 ms (Enter applies)"
        tabIndex={tabIndex}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={onKeyDown}
      />
      ms
    </span>
  );
}

/**
 * A responder choice: the modes, and for a session also "follow the global one". `value` null
 * means following the global setting.
 */
export function ResponderControl({
  value,
  global,
  allowFollow,
  onChange,
  tabIndex,
  testId,
  label,
}: {
  value: ResponderSetting | null;
  global: ResponderSetting | null;
  allowFollow: boolean;
  onChange: (mode: ResponderMode | null, delayMs?: number) => void;
  tabIndex?: number;
  testId: string;
  label: string;
}) {
  const choice: ResponderChoice = value === null ? 'global' : value.mode;
  const onSelect = (next: ResponderChoice) => {
    if (next === 'global') onChange(null);
    else if (next === 'delay') onChange('delay', value?.delayMs ?? global?.delayMs ?? DEFAULT_DELAY_MS);
    else onChange(next);
  };
  return (
    <span className="responder-control">
      <select
        value={choice}
        aria-label={label}
        title={value ? responderText(value) : `Follows the global responder${global ? ` (${responderText(global)})` : ''}`}
        tabIndex={tabIndex}
        data-testid={testId}
        data-value={choice}
        onChange={(e) => onSelect(e.target.value as ResponderChoice)}
      >
        {allowFollow && <option value="global">Global{global ? ` (${responderText(global)})` : ''}</option>}
        {RESPONDER_MODES.map((m) => (
          <option key={m.mode} value={m.mode} title={m.title}>
            {m.mode === 'delay' ? 'Delay…' : m.label}
          </option>
        ))}
      </select>
      {value?.mode === 'delay' && (
        <DelayInput key={value.delayMs ?? 0} delayMs={value.delayMs ?? 0} onApply={(ms) => onChange('delay', ms)} tabIndex={tabIndex} testId={`${testId}-delay`} />
      )}
    </span>
  );
}

/** The global responder, for the top bar. */
export function GlobalResponder() {
  const responder = useTrackwire((s) => s.status?.responder ?? null);
  if (!responder) return null;
  return (
    <label className="global-responder" title="How the listener answers devices whose session has no setting of its own">
      <span className="top-meta">Responder</span>
      <ResponderControl
        value={responder}
        global={null}
        allowFollow={false}
        label="Global responder"
        testId="global-responder"
        onChange={(mode, delayMs) => void getCommands().setResponder(undefined, mode, delayMs).catch(() => undefined)}
      />
    </label>
  );
}

/**
 * "Decode as": the detected protocol (auto) or one the user chooses — for a live session from now
 * on; for a session read from a capture file, by reading the file again with that flow so.
 */
export function ProtocolSelect({ session, tabIndex }: { session: SessionInfo; tabIndex?: number }) {
  const choices = useProtocolChoices();
  const fromFile = useTrackwire((s) => {
    const job = captureById(s.captures, captureOfSession(session.id));
    return job?.kind === 'file' && job.state !== 'reading' ? job : null;
  });
  const chosen = fromFile?.flowProtocols?.[captureFlowKey(session.source, session.local)];
  const forced = session.protocolForced || chosen !== undefined;
  const value = forced ? (chosen ?? session.protocol ?? '') : '';
  const known = choices.some((c) => c.id === session.protocol);
  const closed = session.state === 'closed';
  const disabled = closed && !fromFile;
  const title = fromFile
    ? `Decode as: reads ${fromFile.source} again with this flow decoded so (the other flows as before)`
    : closed
      ? 'The session is closed'
      : 'Decode as: applies to bytes from now on';
  const change = (protocol: string | null) => {
    if (fromFile) void getCommands().decodeCaptureFlowAs(session, protocol).catch(() => undefined);
    else void getCommands().decodeAs(session.id, protocol).catch(() => undefined);
  };
  return (
    <select
      className="protocol-select"
      value={value}
      disabled={disabled}
      aria-label={`Decode session ${session.id} as`}
      title={title}
      tabIndex={tabIndex}
      data-testid="session-protocol"
      data-value={session.protocol ?? ''}
      onChange={(e) => change(e.target.value || null)}
    >
      <option value="">{forced ? 'auto (detect again)' : `auto: ${session.protocol ?? (closed ? 'none' : 'detecting…')}`}</option>
      {!known && session.protocol && forced && <option value={session.protocol}>{session.protocol}</option>}
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.id} — {c.name}
        </option>
      ))}
    </select>
  );
}
