/**
 * Compare and validate, docked beside the panes so the frame list stays in view: pick two sources
 * (captures open, devices, sessions, samples or recent files — a file is opened first), run the
 * engine's comparison, and read its differences, message types and interval histograms; or run a
 * device's validation checklist. Every example and evidence frame is a link that shows the frame
 * in the frame list and the decode. Both reports save as HTML (the engine's self-contained page)
 * and JSON.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Comparison, EngineSourceSpec } from '../../../src-main/api/comparison';
import type { RecentCapture, RequestResult, ValidationReport } from '../../../src-main/api/contract';
import { errorText, getCommands } from '../../app/commands';
import { trackwireStore, useTrackwire } from '../../app/store';
import { baseName, captureById, isFinal } from '../captures/model';
import { plural } from '../sessions/format';
import { saveText } from './download';
import {
  checkRows,
  choiceKey,
  comparisonJson,
  defaultPair,
  differenceRows,
  differencesHeadline,
  histogramView,
  offered,
  parseChoice,
  reportFileName,
  sourceGroups,
  sourceSummary,
  stepFor,
  typeRows,
  validationBars,
  validationJson,
  validationSummary,
  verdictText,
  type ChoiceGroup,
  type HistogramSide,
  type SourceChoice,
} from './model';
import { closeComparePanel, useComparePanel, type PanelRequest, type PanelTab } from './panel';
import './compare.css';

type Sample = RequestResult<'listSamples'>[number];
type Phase = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'error'; text: string };

/** What the panel showed last, shown again when it is opened again. */
const last: { a: string; b: string; comparison: (Comparison & { html?: string }) | null; validate: string; report: ValidationReport | null } = {
  a: '',
  b: '',
  comparison: null,
  validate: '',
  report: null,
};

/** Samples and recent files, fetched once when the panel opens (a refusal leaves them out). */
function useFiles(): { samples: Sample[]; recent: RecentCapture[] } {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [recent, setRecent] = useState<RecentCapture[]>([]);
  useEffect(() => {
    let live = true;
    getCommands()
      .listSamples()
      .then((l) => live && setSamples(l), () => undefined);
    getCommands()
      .listRecentCaptures()
      .then((l) => live && setRecent(l), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { samples, recent };
}

/** Resolves once the capture job has been read (a damaged or cancelled one: with what it got). */
function whenRead(captureId: string): Promise<void> {
  const done = () => {
    const job = captureById(trackwireStore.getState().captures, captureId);
    return job !== undefined && isFinal(job);
  };
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = trackwireStore.subscribe(() => {
      if (!done()) return;
      off();
      resolve();
    });
  });
}

/** The engine spec of a choice, opening its file (then `opened` says its capture) or waiting for its capture first. */
async function prepare(choice: SourceChoice, say: (text: string) => void, opened: (captureId: string) => void): Promise<EngineSourceSpec> {
  let step = stepFor(choice, trackwireStore.getState().captures.list);
  if (step.kind === 'open') {
    say(`Opening ${baseName(step.path)}…`);
    const job = await getCommands().openCapture(step.path);
    opened(job.id);
    step = { kind: 'wait', captureId: job.id };
  }
  if (step.kind === 'wait') {
    const job = captureById(trackwireStore.getState().captures, step.captureId);
    say(`Reading ${job ? baseName(job.source) : step.captureId}…`);
    await whenRead(step.captureId);
    return { captureId: step.captureId };
  }
  return step.spec;
}

function SourcePicker({ name, value, groups, onChange, testId }: { name: string; value: string; groups: readonly ChoiceGroup[]; onChange: (key: string) => void; testId: string }) {
  return (
    <label className="field compare-source">
      <span className="field-name">{name}</span>
      <select className="compare-select" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.key} value={o.key} title={o.title}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

/** A frame number that shows the frame in the list; plain text when it is a file's own number. */
function FrameLink({ id, side, linkable, testId }: { id: number; side?: 'a' | 'b'; linkable: boolean; testId: string }) {
  const revealFrame = useTrackwire((s) => s.revealFrame);
  const text = side ? `${side.toUpperCase()}: frame ${id}` : `frame ${id}`;
  if (!linkable) return <span className="compare-frame mono">{text}</span>;
  return (
    <button type="button" className="link-button compare-frame" data-testid={testId} data-side={side} data-frame-id={id} title={`Show frame ${id} in the frame list`} onClick={() => revealFrame(id)}>
      {text}
    </button>
  );
}

/** Bars of a histogram as inline SVG; `series` picks the colour (A, B, or one series). */
function Bars({ bars, series, label, markers = [] }: { bars: ReadonlyArray<{ label: string; count: number; fraction: number }>; series: 'a' | 'b' | 'one'; label: string; markers?: ReadonlyArray<{ at: number; text: string }> }) {
  const W = 44;
  const H = 90;
  const top = 14;
  const width = Math.max(1, bars.length) * W;
  return (
    <svg className="compare-chart" viewBox={`0 0 ${width} ${H + 30}`} width={width} height={H + 30} role="img" aria-label={label}>
      {bars.map((b, i) => {
        const h = Math.round(b.fraction * (H - top));
        return (
          <g key={i}>
            <title>{`${b.label}: ${b.count}`}</title>
            <rect className={`compare-bar compare-bar--${series}`} x={i * W + 4} y={H - h} width={W - 8} height={Math.max(h, b.count ? 1 : 0)} />
            {b.count > 0 && (
              <text className="compare-chart-count" x={i * W + W / 2} y={H - h - 3} textAnchor="middle">
                {b.count}
              </text>
            )}
            <text className="compare-chart-label" x={i * W + W / 2} y={H + 12} textAnchor="middle">
              {b.label}
            </text>
          </g>
        );
      })}
      {markers.map((m, i) => (
        <g key={`m${i}`}>
          <title>{m.text}</title>
          <line className="compare-marker" x1={m.at * W + W / 2} x2={m.at * W + W / 2} y1={top - 10} y2={H} />
          <text className="compare-chart-label" x={m.at * W + W / 2} y={H + 25} textAnchor="middle">
            {m.text}
          </text>
        </g>
      ))}
      <line className="compare-axis" x1={0} x2={width} y1={H} y2={H} />
    </svg>
  );
}

function HistogramSideView({ side, title }: { side: HistogramSide; title: string }) {
  const markers: Array<{ at: number; text: string }> = [];
  if (side.medianAt !== null) markers.push({ at: side.medianAt, text: 'median' });
  if (side.p90At !== null && side.p90At !== side.medianAt) markers.push({ at: side.p90At, text: 'p90' });
  return (
    <div className="compare-histogram" data-testid="compare-histogram" data-side={side.name}>
      <div className={`compare-side-name compare-side-name--${side.name.toLowerCase()}`}>
        {side.name}: {side.summary}
      </div>
      <Bars bars={side.bars} series={side.name === 'A' ? 'a' : 'b'} label={`${title}: intervals in ${side.name}`} markers={markers} />
    </div>
  );
}

function SaveButtons({ onHtml, onJson, what }: { onHtml: (() => void) | null; onJson: () => void; what: string }) {
  return (
    <div className="dialog-actions compare-save">
      <button type="button" className="button" disabled={!onHtml} data-testid={`${what}-save-html`} title="A single HTML file with its charts: it opens anywhere, with no network" onClick={onHtml ?? undefined}>
        Save HTML…
      </button>
      <button type="button" className="button" data-testid={`${what}-save-json`} onClick={onJson}>
        Save JSON…
      </button>
    </div>
  );
}

function ComparisonView({ c }: { c: Comparison & { html?: string } }) {
  const diffs = useMemo(() => differenceRows(c), [c]);
  const types = useMemo(() => typeRows(c), [c]);
  const timing = useMemo(() => c.timing.map(histogramView), [c]);
  const labels = [c.a.label, c.b.label];
  const html = c.html;
  return (
    <div className="compare-result" data-testid="comparison">
      <div className="compare-cards">
        {(['a', 'b'] as const).map((side) => (
          <div key={side} className={`compare-card compare-card--${side}`} data-testid="compare-source" data-side={side}>
            <div className={`compare-side-name compare-side-name--${side}`}>
              {side.toUpperCase()}: {c[side].label}
            </div>
            <div className="dim mono compare-file" title={c[side].file}>
              {c[side].file}
            </div>
            <div>{sourceSummary(c[side])}</div>
            {c[side].problem && <div className="compare-warn">{c[side].problem}</div>}
          </div>
        ))}
      </div>
      <SaveButtons
        what="compare"
        onHtml={html ? () => saveText(html, reportFileName('compare', labels, 'html'), 'text/html') : null}
        onJson={() => saveText(comparisonJson(c), reportFileName('compare', labels, 'json'), 'application/json')}
      />

      <h3 className="dialog-subtitle">Differences</h3>
      <p className="compare-headline" data-testid="compare-headline">
        {differencesHeadline(c)}
      </p>
      {diffs.length > 0 && (
        <ol className="compare-diffs">
          {diffs.map((d) => (
            <li key={d.key} className="compare-diff" data-testid="difference" data-kind={d.kind} data-message-type={d.messageType} data-direction={d.direction}>
              <div className="compare-diff-head">
                <span className={`compare-badge compare-badge--${d.badge}`}>{d.kindLabel}</span>
                <span className="compare-where">{d.where}</span>
                {d.fieldId && <span className="mono compare-field">{d.fieldId}</span>}
              </div>
              <div className="compare-diff-sides">
                <div className="compare-diff-side">
                  <span className="compare-side-name compare-side-name--a">A</span> {d.a}
                  <div className="compare-frames">
                    {d.frames.a.length ? d.frames.a.map((id) => <FrameLink key={id} id={id} side="a" linkable={d.linkable.a} testId="diff-frame" />) : <span className="dim">no frame</span>}
                  </div>
                </div>
                <div className="compare-diff-side">
                  <span className="compare-side-name compare-side-name--b">B</span> {d.b}
                  <div className="compare-frames">
                    {d.frames.b.length ? d.frames.b.map((id) => <FrameLink key={id} id={id} side="b" linkable={d.linkable.b} testId="diff-frame" />) : <span className="dim">no frame</span>}
                  </div>
                </div>
              </div>
              {d.details.length > 0 && (
                <details className="compare-details">
                  <summary>{plural(d.details.length, 'consequence')}</summary>
                  <ul>
                    {d.details.map((x, i) => (
                      <li key={i} className="mono">
                        {x}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}

      <h3 className="dialog-subtitle">Message types</h3>
      <div className="compare-table-wrap">
        <table className="compare-table" data-testid="compare-types">
          <thead>
            <tr>
              <th>Message type</th>
              <th className="num">A frames</th>
              <th>A share</th>
              <th>A first – last</th>
              <th className="num">B frames</th>
              <th>B share</th>
              <th>B first – last</th>
            </tr>
          </thead>
          <tbody>
            {types.map((t) => (
              <tr key={t.key} data-testid="compare-type" data-message-type={t.messageType} data-presence={t.presence}>
                <td>
                  <span className="dim">
                    {t.protocol} {t.directionText}
                  </span>{' '}
                  {t.messageType}
                  {t.presence !== 'both' && <span className={`compare-badge compare-badge--${t.presence === 'only-a' ? 'del' : 'add'}`}>{t.presence === 'only-a' ? 'only in A' : 'only in B'}</span>}
                </td>
                {(['a', 'b'] as const).map((side) => {
                  const s = t[side];
                  if (!s)
                    return [
                      <td key={`${side}c`} className="num dim">
                        –
                      </td>,
                      <td key={`${side}s`} className="dim">
                        –
                      </td>,
                      <td key={`${side}t`} className="dim">
                        –
                      </td>,
                    ];
                  return [
                    <td key={`${side}c`} className="num">
                      {s.count}
                    </td>,
                    <td key={`${side}s`}>
                      <span className="compare-share">
                        <span className={`compare-share-fill compare-bar--${side}`} style={{ width: `${Math.round(s.fraction * 100)}%` }} />
                      </span>
                      {s.share}
                    </td>,
                    <td key={`${side}t`} className="compare-seen" title={`${s.first} – ${s.last}`}>
                      <FrameLink id={s.firstId} linkable={t.linkable[side]} testId="type-frame" /> – <FrameLink id={s.lastId} linkable={t.linkable[side]} testId="type-frame" />
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3 className="dialog-subtitle">Intervals</h3>
      {timing.length === 0 ? (
        <p className="dim">No location reports or heartbeats to time.</p>
      ) : (
        timing.map((t) => (
          <section key={t.key} className="compare-timing" aria-label={t.title}>
            <div className="compare-timing-title">{t.title}</div>
            <div className="compare-pair">
              <HistogramSideView side={t.sides[0]} title={t.title} />
              <HistogramSideView side={t.sides[1]} title={t.title} />
            </div>
          </section>
        ))
      )}
    </div>
  );
}

function CompareTab() {
  const captures = useTrackwire((s) => s.captures.list);
  const devices = useTrackwire((s) => s.devices.list);
  const sessions = useTrackwire((s) => s.sessions.list);
  const { samples, recent } = useFiles();
  const groups = useMemo(() => sourceGroups({ captures, devices, sessions, samples, recent }), [captures, devices, sessions, samples, recent]);
  const [a, setA] = useState(last.a);
  const [b, setB] = useState(last.b);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [result, setResult] = useState<(Comparison & { html?: string }) | null>(last.comparison);
  useEffect(() => {
    Object.assign(last, { a, b, comparison: result });
  }, [a, b, result]);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => void (live.current = false);
  }, []);

  // The two newest captures are the likely pair; a choice that went away is dropped.
  useEffect(() => {
    const pair = defaultPair({ captures, devices });
    setA((v) => (v && offered(groups, v) ? v : pair.a));
    setB((v) => (v && offered(groups, v) ? v : pair.b));
  }, [groups, captures, devices]);

  const busy = phase.kind === 'busy';
  const run = async () => {
    const ca = parseChoice(a);
    const cb = parseChoice(b);
    if (!ca || !cb) {
      setPhase({ kind: 'error', text: 'Choose what to compare as A and as B.' });
      return;
    }
    const say = (text: string) => live.current && setPhase({ kind: 'busy', text });
    try {
      // A file becomes the capture it was opened as (opening it again would load it twice).
      const asCapture = (set: (key: string) => void) => (captureId: string) => live.current && set(choiceKey({ kind: 'capture', captureId }));
      const sa = await prepare(ca, say, asCapture(setA));
      const sb = await prepare(cb, say, asCapture(setB));
      say('Comparing…');
      const c = await getCommands().compareSources({ a: sa, b: sb, html: true });
      if (!live.current) return;
      setResult(c);
      setPhase({ kind: 'idle' });
    } catch (err) {
      if (live.current) setPhase({ kind: 'error', text: errorText(err) });
    }
  };

  return (
    <>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="compare-pickers">
          <SourcePicker name="A" value={a} groups={groups} onChange={setA} testId="compare-a" />
          <button type="button" className="button button--small compare-swap" title="Swap A and B" aria-label="Swap A and B" onClick={() => (setA(b), setB(a))}>
            ⇄
          </button>
          <SourcePicker name="B" value={b} groups={groups} onChange={setB} testId="compare-b" />
        </div>
        <p className="dialog-hint">
          Two captures (two firmware versions, two recorder runs), two devices or two sessions. Differences are in format and behaviour — message
          types, fields, codecs, framing, checksums, answers, intervals, reconnects — never in values.
        </p>
        <div className="dialog-actions">
          <button type="submit" className="button button--primary" disabled={busy || !a || !b} data-testid="compare-run">
            {busy ? 'Comparing…' : 'Compare'}
          </button>
          {phase.kind === 'busy' && (
            <span className="dialog-hint" role="status" data-testid="compare-status">
              {phase.text}
            </span>
          )}
        </div>
        {phase.kind === 'error' && (
          <p className="dialog-error" role="alert" data-testid="compare-error">
            {phase.text}
          </p>
        )}
      </form>
      {result && <ComparisonView c={result} />}
    </>
  );
}

function ValidationView({ r }: { r: ValidationReport }) {
  const rows = useMemo(() => checkRows(r), [r]);
  const bars = useMemo(() => validationBars(r), [r]);
  const html = r.html;
  return (
    <div className="compare-result" data-testid="validation" data-verdict={r.verdict}>
      <div className={`compare-verdict compare-verdict--${r.verdict}`} data-testid="validation-verdict">
        {verdictText(r)}
      </div>
      <div className="dim">
        <span className="mono">{r.device}</span> · {validationSummary(r)}
      </div>
      <div data-testid="validation-clock">{r.stats.clock ? r.stats.clock.text : 'Device clock: no fix with a time yet.'}</div>
      <SaveButtons
        what="validate"
        onHtml={html ? () => saveText(html, reportFileName('validate', [r.device], 'html'), 'text/html') : null}
        onJson={() => saveText(validationJson(r), reportFileName('validate', [r.device], 'json'), 'application/json')}
      />
      <h3 className="dialog-subtitle">Checklist</h3>
      <ul className="compare-checks">
        {rows.map((c) => (
          <li key={c.id} className="compare-check" data-testid="check" data-check={c.id} data-status={c.status}>
            <span className={`compare-status compare-status--${c.status === 'n/a' ? 'na' : c.status}`}>{c.statusText}</span>
            <div className="compare-check-body">
              <div className="compare-check-title">{c.title}</div>
              <div>{c.detail}</div>
              {c.evidence.length > 0 && (
                <div className="compare-frames">
                  <span className="dim">evidence:</span>
                  {c.evidence.map((id) => (
                    <FrameLink key={id} id={id} linkable testId="evidence-frame" />
                  ))}
                  {c.moreEvidence > 0 && <span className="dim">+{c.moreEvidence} more</span>}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
      {bars.length > 0 && (
        <>
          <h3 className="dialog-subtitle">Seconds between position reports</h3>
          <div className="compare-histogram">
            <Bars bars={bars} series="one" label="Seconds between position reports" />
          </div>
        </>
      )}
    </div>
  );
}

function ValidateTab({ request }: { request: PanelRequest }) {
  const captures = useTrackwire((s) => s.captures.list);
  const devices = useTrackwire((s) => s.devices.list);
  const sessions = useTrackwire((s) => s.sessions.list);
  const groups = useMemo(() => sourceGroups({ captures, devices, sessions, samples: [], recent: [] }, 'validate'), [captures, devices, sessions]);
  const [choice, setChoice] = useState(last.validate);
  const [minSec, setMinSec] = useState('');
  const [maxSec, setMaxSec] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [report, setReport] = useState<ValidationReport | null>(last.report);
  useEffect(() => {
    Object.assign(last, { validate: choice, report });
  }, [choice, report]);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => void (live.current = false);
  }, []);

  useEffect(() => {
    if (!choice && devices[0]) setChoice(choiceKey({ kind: 'device', deviceId: devices[0].deviceId }));
  }, [choice, devices]);

  const run = useCallback(
    async (key: string) => {
      const c = parseChoice(key);
      if (!c || (c.kind !== 'device' && c.kind !== 'session')) {
        setPhase({ kind: 'error', text: 'Choose a device or a session to validate.' });
        return;
      }
      const min = minSec.trim() === '' ? null : Number(minSec);
      const max = maxSec.trim() === '' ? null : Number(maxSec);
      if ((min === null) !== (max === null) || (min !== null && !(min >= 0 && max! > min))) {
        setPhase({ kind: 'error', text: 'The expected interval needs both bounds in seconds, the first below the second (or neither: 5 s to 10 min).' });
        return;
      }
      setPhase({ kind: 'busy', text: 'Validating…' });
      try {
        const r = await getCommands().validateDevice({
          ...(c.kind === 'device' ? { deviceId: c.deviceId } : { sessionId: c.sessionId }),
          ...(min !== null ? { interval: { minSec: min, maxSec: max! } } : {}),
          html: true,
        });
        if (!live.current) return;
        setReport(r);
        setPhase({ kind: 'idle' });
      } catch (err) {
        if (live.current) setPhase({ kind: 'error', text: errorText(err) });
      }
    },
    [minSec, maxSec],
  );

  // "Validate…" on a device: choose it and run.
  const handled = useRef(0);
  useEffect(() => {
    if (!request.validate || handled.current === request.seq) return;
    handled.current = request.seq;
    setChoice(request.validate);
    void run(request.validate);
  }, [request, run]);

  return (
    <>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(choice);
        }}
      >
        <SourcePicker name="Device or session" value={choice} groups={groups} onChange={setChoice} testId="validate-source" />
        <div className="compare-interval">
          <span className="field-name">Expected report interval (s)</span>
          <input type="number" min={0} step="any" className="compare-number" placeholder="5" value={minSec} aria-label="Shortest expected interval, seconds" onChange={(e) => setMinSec(e.target.value)} />
          <span>to</span>
          <input type="number" min={0} step="any" className="compare-number" placeholder="600" value={maxSec} aria-label="Longest expected interval, seconds" onChange={(e) => setMaxSec(e.target.value)} />
        </div>
        <p className="dialog-hint">
          The checklist of a device (all its sessions: live or from captures) or one session: it connects, the protocol is detected, answers come,
          it reports at the expected interval, its positions and clock are sane, its frames are whole, commands are acknowledged.
        </p>
        <div className="dialog-actions">
          <button type="submit" className="button button--primary" disabled={phase.kind === 'busy' || !choice} data-testid="validate-run">
            {phase.kind === 'busy' ? 'Validating…' : 'Validate'}
          </button>
        </div>
        {phase.kind === 'error' && (
          <p className="dialog-error" role="alert" data-testid="validate-error">
            {phase.text}
          </p>
        )}
      </form>
      {report && <ValidationView r={report} />}
    </>
  );
}

/** The panel (shown while the panel store says it is open). */
export function ComparePanel() {
  const request = useComparePanel((s) => s.open);
  const [tab, setTab] = useState<PanelTab>(request?.tab ?? 'compare');
  useEffect(() => {
    if (request) setTab(request.tab);
  }, [request]);
  if (!request) return null;
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: PanelTab = tab === 'compare' ? 'validate' : 'compare';
    setTab(next);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };
  const tabButton = (id: PanelTab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} tabIndex={tab === id ? 0 : -1} className="tab" data-tab={id} data-testid={`compare-tab-${id}`} onClick={() => setTab(id)}>
      {label}
    </button>
  );
  return (
    <aside className="compare-panel" aria-label="Compare and validate" data-testid="compare-panel">
      <header className="dialog-head">
        <div role="tablist" aria-label="Compare or validate" className="tabs compare-tabs" onKeyDown={onTabKey}>
          {tabButton('compare', 'Compare')}
          {tabButton('validate', 'Validate')}
        </div>
        <button type="button" className="dialog-close" aria-label="Close the panel" title="Close" data-testid="compare-close" onClick={closeComparePanel}>
          ×
        </button>
      </header>
      <div className="compare-body" role="tabpanel" hidden={tab !== 'compare'} data-testid="compare-body">
        <CompareTab />
      </div>
      <div className="compare-body" role="tabpanel" hidden={tab !== 'validate'} data-testid="validate-body">
        <ValidateTab request={request} />
      </div>
    </aside>
  );
}

export default ComparePanel;
