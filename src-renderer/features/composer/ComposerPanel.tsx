/**
 * The command composer, docked beside the panes: a target (a connected session, or a device id
 * the command waits for), the protocol's command types, the command as JSON in Monaco with
 * completion, validation and hovers from the catalogue's schema, a live preview of the exact
 * bytes and their decode, Send (with a confirmation for commands that immobilise a vehicle),
 * and the commands of this run. Loaded on demand: Monaco comes with it.
 */
import Editor from '@monaco-editor/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CommandDef } from '../../../parsers/core/commands';
import type { CommandRequest, CommandTemplate, RequestResult } from '../../../src-main/api/contract';
import { Dialog } from '../../app/Dialog';
import { errorText, getCommands } from '../../app/commands';
import { useTrackwire, type ComposerTarget } from '../../app/store';
import { useResolvedTheme } from '../../app/theme';
import { FieldTree } from '../decode/DecodePane';
import type { FieldPath } from '../decode/tree';
import { HexBytes } from '../hex/HexView';
import { useProtocolChoices } from '../sessions/protocols';
import { CommandList } from './CommandList';
import { commandById, sendableSessions, spacedHex, targetProtocol } from './model';
import { applyCommandSchema, COMPOSER_MODEL_PATH, monaco } from './monacoSetup';
import { commandSchema, parseCommandDocument, templateText, type CommandDocument } from './schema';

/** Milliseconds of quiet after an edit before the preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 200;
/** The command type a new document starts as, when the protocol has it. */
const FIRST_TYPE = 'positionPeriodic';
const DEFAULT_EXPIRY_MIN = 60;

type Preview =
  | { kind: 'idle'; message: string }
  | { kind: 'loading' }
  | { kind: 'ok'; result: RequestResult<'previewCommand'> }
  | { kind: 'error'; message: string };

type Catalogue = { protocol: string; defs: readonly CommandDef[] } | { protocol: string; error: string };

/** The request for a document and a target, or why there is none yet. */
function requestFor(target: ComposerTarget, doc: CommandDocument, expiryMin: number): CommandRequest | string {
  const base = { type: doc.type, attributes: doc.attributes, ...(doc.variant !== undefined ? { variant: doc.variant } : {}) };
  if (target.kind === 'session') return target.sessionId ? { ...base, sessionId: target.sessionId } : 'Choose a connected session';
  const deviceId = target.deviceId.trim();
  if (!deviceId) return 'Type the device id the command waits for';
  if (!target.protocol) return "Choose the device's protocol";
  return { ...base, deviceId, protocol: target.protocol, expiresInSec: Math.max(1, Math.round(expiryMin * 60)) };
}

function TargetPicker({ target, expiryMin, onExpiry }: { target: ComposerTarget; expiryMin: number; onExpiry: (min: number) => void }) {
  const openComposer = useTrackwire((s) => s.openComposer);
  const allSessions = useTrackwire((s) => s.sessions.list);
  const sessions = useMemo(() => sendableSessions(allSessions), [allSessions]);
  const protocols = useProtocolChoices();
  const chosen = target.kind === 'session' ? allSessions.find((s) => s.id === target.sessionId) : undefined;
  return (
    <fieldset className="field-set composer-target">
      <legend className="field-name">Send to</legend>
      <div className="choice-row" role="radiogroup" aria-label="Target">
        <label className="choice">
          <input type="radio" name="composer-target" checked={target.kind === 'session'} data-testid="composer-target-session" onChange={() => openComposer({ kind: 'session', sessionId: sessions[0]?.id ?? null })} />
          a connected session
        </label>
        <label className="choice">
          <input
            type="radio"
            name="composer-target"
            checked={target.kind === 'device'}
            data-testid="composer-target-device"
            onChange={() => openComposer({ kind: 'device', deviceId: chosen?.deviceId ?? '', protocol: chosen?.protocol ?? null })}
          />
          a device id (queued until it connects)
        </label>
      </div>
      {target.kind === 'session' ? (
        <select
          className="composer-select"
          value={target.sessionId ?? ''}
          data-testid="composer-session"
          aria-label="Session"
          onChange={(e) => openComposer({ kind: 'session', sessionId: e.target.value || null })}
        >
          {!chosen && <option value="">{sessions.length === 0 ? 'no connected session with a known device' : 'choose a session'}</option>}
          {chosen && !sessions.includes(chosen) && <option value={chosen.id}>{`${chosen.id} (${chosen.state}${chosen.deviceId ? '' : ', no device id yet'})`}</option>}
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {`${s.deviceId} · ${s.protocol} · ${s.transport.toUpperCase()} ${s.source}`}
            </option>
          ))}
        </select>
      ) : (
        <div className="composer-device">
          <input
            type="text"
            className="mono"
            value={target.deviceId}
            placeholder="device id (IMEI, phone, terminal id)"
            spellCheck={false}
            autoComplete="off"
            aria-label="Device id"
            data-testid="composer-device-id"
            onChange={(e) => openComposer({ ...target, deviceId: e.target.value })}
          />
          <select value={target.protocol ?? ''} aria-label="Protocol" data-testid="composer-protocol" onChange={(e) => openComposer({ ...target, protocol: e.target.value || null })}>
            <option value="">protocol…</option>
            {protocols.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <label className="composer-expiry">
            expires in
            <input type="number" min={1} value={expiryMin} aria-label="Expiry in minutes" data-testid="composer-expiry" onChange={(e) => onExpiry(Math.max(1, Number(e.target.value) || DEFAULT_EXPIRY_MIN))} />
            min
          </label>
        </div>
      )}
    </fieldset>
  );
}

function TypePicker({ defs, current, onPick }: { defs: readonly CommandDef[]; current: string | null; onPick: (def: CommandDef) => void }) {
  return (
    <div className="command-types" role="toolbar" aria-label="Command types">
      {defs.map((d) => (
        <button
          key={d.type}
          type="button"
          className={['command-type', d.type === current ? 'command-type--current' : '', d.immobilises ? 'command-type--danger' : ''].filter(Boolean).join(' ')}
          title={`${d.type}: ${d.doc}${d.immobilises ? ' (immobilises the vehicle)' : ''}`}
          data-testid="command-type"
          data-type={d.type}
          onClick={() => onPick(d)}
        >
          {d.label}
        </button>
      ))}
    </div>
  );
}

function PreviewView({ preview }: { preview: Preview }) {
  const [selectedField, selectField] = useState<FieldPath | null>(null);
  const hex = preview.kind === 'ok' ? preview.result.hex : null;
  useEffect(() => selectField(null), [hex]);
  if (preview.kind === 'idle') return <p className="dialog-hint" data-testid="composer-hint">{preview.message}</p>;
  if (preview.kind === 'error') {
    return (
      <p className="dialog-error" role="alert" data-testid="composer-error">
        {preview.message}
      </p>
    );
  }
  if (preview.kind === 'loading') return <p className="dialog-hint">Encoding…</p>;
  const r = preview.result;
  const length = r.hex.length >> 1;
  return (
    <div className="composer-preview" data-testid="composer-preview" data-hex={r.hex} data-message-type={r.messageType}>
      <div className="composer-preview-head">
        <span className="pane-title-main">
          {r.messageType} · {length} bytes{r.serial !== null ? ` · serial ${r.serial}` : ''}
        </span>
        {r.immobilises && <span className="composer-danger">immobilises the vehicle</span>}
        <span className="mono composer-hex-line" title="The exact bytes that will be sent">
          {spacedHex(r.hex)}
        </span>
      </div>
      {r.issues.length > 0 && (
        <ul className="composer-issues">
          {r.issues.map((i, n) => (
            <li key={n} className={`sev-${i.severity}`} title={i.id}>
              {i.message}
            </li>
          ))}
        </ul>
      )}
      <div className="composer-preview-panes">
        <div className="composer-tree decode-scroll">
          <FieldTree tree={r.tree} selectedField={selectedField} selectField={selectField} />
        </div>
        <div className="composer-hex hex-scroll">
          <HexBytes hex={r.hex} tree={r.tree} selectedField={selectedField} selectField={selectField} />
        </div>
      </div>
    </div>
  );
}

function Composer({ target }: { target: ComposerTarget }) {
  const openComposer = useTrackwire((s) => s.openComposer);
  // Monaco's theme follows the window's (System, Light or Dark).
  const theme = useResolvedTheme();
  const sessions = useTrackwire((s) => s.sessions.list);
  const protocol = targetProtocol(target, sessions);
  const [expiryMin, setExpiryMin] = useState(DEFAULT_EXPIRY_MIN);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview>({ kind: 'idle', message: 'Choose a command type.' });
  const [confirming, setConfirming] = useState<{ request: CommandRequest; def: CommandDef } | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sentId, setSentId] = useState<number | null>(null);
  // The command just sent, as the engine's pushes move it along.
  const sent = useTrackwire((s) => (sentId === null ? undefined : commandById(s.commands, sentId)));
  const previewSeq = useRef(0);

  // A session target without a session takes the first connected one.
  const firstSendable = useMemo(() => sendableSessions(sessions)[0]?.id ?? null, [sessions]);
  useEffect(() => {
    if (target.kind === 'session' && target.sessionId === null && firstSendable) openComposer({ kind: 'session', sessionId: firstSendable });
  }, [target, firstSendable, openComposer]);

  // The protocol's catalogue.
  useEffect(() => {
    if (!protocol) {
      setCatalogue(null);
      return;
    }
    let live = true;
    getCommands()
      .listCommandTypes(protocol)
      .then(
        (defs) => live && setCatalogue({ protocol, defs }),
        (err: unknown) => live && setCatalogue({ protocol, error: errorText(err) }),
      );
    return () => {
      live = false;
    };
  }, [protocol]);

  const defs = catalogue && 'defs' in catalogue ? catalogue.defs : null;
  const schema = useMemo(() => (catalogue && defs ? commandSchema(catalogue.protocol, defs) : null), [catalogue, defs]);
  useEffect(() => {
    if (catalogue && schema) applyCommandSchema(monaco, catalogue.protocol, schema);
  }, [catalogue, schema]);

  // A new catalogue: keep the document when its type is still known, else start from a template.
  useEffect(() => {
    if (!defs || defs.length === 0) return;
    setText((current) => {
      const parsed = parseCommandDocument(current);
      if (parsed.ok && defs.some((d) => d.type === parsed.doc.type)) return current;
      const first = defs.find((d) => d.type === FIRST_TYPE) ?? defs[0]!;
      return templateText(first);
    });
  }, [defs]);

  const parsed = useMemo(() => parseCommandDocument(text), [text]);
  const currentDef = parsed.ok && defs ? defs.find((d) => d.type === parsed.doc.type) ?? null : null;
  const request = parsed.ok ? requestFor(target, parsed.doc, expiryMin) : parsed.error;
  const requestKey = typeof request === 'string' ? request : JSON.stringify(request);

  // The preview: the engine encodes the request after a short quiet, and decodes what it made.
  useEffect(() => {
    const seq = ++previewSeq.current;
    if (!defs) {
      setPreview({ kind: 'idle', message: catalogue && 'error' in catalogue ? catalogue.error : protocol ? `Loading the ${protocol} commands…` : 'Choose where to send the command.' });
      return;
    }
    if (defs.length === 0) {
      setPreview({ kind: 'idle', message: `No commands are known for ${protocol}.` });
      return;
    }
    if (typeof request === 'string') {
      setPreview({ kind: 'idle', message: request });
      return;
    }
    const timer = window.setTimeout(() => {
      getCommands()
        .previewCommand(request)
        .then(
          (result) => seq === previewSeq.current && setPreview({ kind: 'ok', result }),
          (err: unknown) => seq === previewSeq.current && setPreview({ kind: 'error', message: errorText(err) }),
        );
    }, PREVIEW_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
    // The request is keyed by its text: a new object with the same content asks nothing new.
  }, [requestKey, defs, catalogue, protocol]);

  useEffect(() => {
    setSendError(null);
    setSentId(null);
  }, [requestKey]);

  async function send(req: CommandRequest): Promise<void> {
    setSending(true);
    setSendError(null);
    try {
      setSentId((await getCommands().sendCommand(req)).id);
    } catch (err) {
      setSendError(errorText(err));
    } finally {
      setSending(false);
    }
  }

  const onSend = () => {
    if (typeof request === 'string') return;
    const immobilises = currentDef?.immobilises === true || (preview.kind === 'ok' && preview.result.immobilises);
    if (immobilises && currentDef) setConfirming({ request, def: currentDef });
    else void send(request);
  };

  const canSend = typeof request !== 'string' && preview.kind === 'ok' && !sending;
  const deviceName = target.kind === 'device' ? target.deviceId : sessions.find((s) => s.id === target.sessionId)?.deviceId ?? '';

  return (
    <aside className="composer-panel" aria-label="Command composer" data-testid="composer">
      <header className="dialog-head">
        <h2 className="dialog-title">Command{protocol ? ` · ${protocol}` : ''}</h2>
        <button type="button" className="dialog-close" aria-label="Close the composer" title="Close the composer" data-testid="composer-close" onClick={() => openComposer(null)}>
          ×
        </button>
      </header>
      <div className="composer-body">
        <TargetPicker target={target} expiryMin={expiryMin} onExpiry={setExpiryMin} />
        {defs && defs.length > 0 && <TypePicker defs={defs} current={parsed.ok ? parsed.doc.type : null} onPick={(d) => setText(templateText(d))} />}
        {protocol && <Templates protocol={protocol} doc={parsed.ok ? parsed.doc : null} onLoad={setText} />}
        <div className="composer-editor" data-testid="composer-editor">
          <Editor
            height="170px"
            defaultLanguage="json"
            path={COMPOSER_MODEL_PATH}
            value={text}
            theme={theme === 'dark' ? 'vs-dark' : 'vs'}
            loading={<div className="empty-state">Loading the editor…</div>}
            options={{
              minimap: { enabled: false },
              lineNumbers: 'off',
              folding: false,
              scrollBeyondLastLine: false,
              fontSize: 12,
              tabSize: 2,
              automaticLayout: true,
              quickSuggestions: { strings: true, other: true, comments: false },
              fixedOverflowWidgets: true,
              renderLineHighlight: 'none',
              wordWrap: 'on',
            }}
            onChange={(value) => setText(value ?? '')}
          />
        </div>
        {currentDef && <p className="dialog-hint composer-doc">{currentDef.doc}</p>}
        <PreviewView preview={preview} />
        {sendError && (
          <p className="dialog-error" role="alert" data-testid="composer-send-error">
            {sendError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className={currentDef?.immobilises ? 'button button--danger' : 'button button--primary'} disabled={!canSend} data-testid="composer-send" onClick={onSend}>
            {sending ? 'Sending…' : target.kind === 'device' ? 'Send or queue' : 'Send'}
          </button>
          {sent && (
            <span className="dialog-hint" role="status" data-testid="composer-sent">
              Command {sent.id} {sent.state === 'queued' ? `queued for ${sent.deviceId}` : sent.state}{sent.reply !== null ? `: ${sent.reply}` : ''}.
            </span>
          )}
        </div>
        <section className="composer-history" aria-label="Commands of this run">
          <h3 className="dialog-subtitle">Commands of this run</h3>
          <CommandList />
        </section>
      </div>
      {confirming && (
        <Dialog title={`Send ${confirming.def.label}?`} testId="confirm-immobilise" onClose={() => setConfirming(null)}>
          <p className="confirm-text" data-testid="confirm-text">
            {confirming.def.label} immobilises the vehicle{deviceName ? ` of device ${deviceName}` : ''}: it cuts the fuel or ignition through the tracker's relay, and a
            vehicle that is moving can stop. Send?
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="button button--danger"
              data-testid="confirm-send"
              onClick={() => {
                const req = confirming.request;
                setConfirming(null);
                void send({ ...req, confirmed: true });
              }}
            >
              Send {confirming.def.label}
            </button>
            <button type="button" className="button" data-testid="confirm-cancel" data-autofocus onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </aside>
  );
}

/** The composer for the store's target; nothing while it is closed. */
export default function ComposerPanel() {
  const target = useTrackwire((s) => s.composer);
  return target ? <Composer target={target} /> : null;
}

/** Saved command documents of this protocol: load one into the editor, save the current one. */
function Templates({ protocol, doc, onLoad }: { protocol: string; doc: CommandDocument | null; onLoad: (text: string) => void }) {
  const [all, setAll] = useState<CommandTemplate[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getCommands()
      .listCommandTemplates()
      .then((t) => live && setAll(t), (err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, []);
  const mine = all.filter((t) => t.protocol === protocol);
  const save = () => {
    if (!doc || !name.trim()) return;
    getCommands()
      .saveCommandTemplate({ name: name.trim(), protocol, type: doc.type, attributes: doc.attributes, variant: doc.variant })
      .then((t) => {
        setAll(t);
        setName('');
        setError(null);
      }, (err: unknown) => setError(errorText(err)));
  };
  return (
    <div className="composer-templates" data-testid="composer-templates">
      <label>
        Templates{' '}
        <select
          data-testid="composer-template-pick"
          value=""
          disabled={!mine.length}
          onChange={(e) => {
            const t = mine.find((x) => x.name === e.target.value);
            if (t) onLoad(JSON.stringify({ type: t.type, attributes: t.attributes ?? {}, ...(t.variant ? { variant: t.variant } : {}) }, null, 2));
          }}
        >
          <option value="">{mine.length ? `${mine.length} saved…` : 'none saved'}</option>
          {mine.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <input data-testid="composer-template-name" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} />{' '}
      <button type="button" className="button" data-testid="composer-template-save" disabled={!doc || !name.trim()} onClick={save}>
        Save as template
      </button>
      {error && <span className="composer-error"> {error}</span>}
    </div>
  );
}
