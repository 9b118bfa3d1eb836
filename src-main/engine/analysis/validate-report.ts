/**
 * The validation report as one self-contained HTML page (inline CSS and SVG, no script, no URL:
 * it opens from disk anywhere), and as plain text for the terminal. Built from report-html.ts.
 */
import type { ValidationCheck, ValidationReport } from '../../api/contract';
import { barChart, histogramChart, html, htmlPage, htmlTable, type HistogramMarker, type SafeHtml } from './report-html';
import { formatSeconds, histogramPosition } from './validate';

const STATUS_CLASS: Record<ValidationCheck['status'], string> = { pass: 'ok', fail: 'err', warn: 'warn', 'n/a': 'muted' };
const STATUS_MARK: Record<ValidationCheck['status'], string> = { pass: '✓', fail: '✗', warn: '!', 'n/a': '–' };

const CSS = `
.verdict { font-size: 28px; font-weight: 700; margin: 4px 0 12px; }
.checklist td:first-child { white-space: nowrap; }
.evidence { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
`;

function when(ms: number | null): string {
  return ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function badge(status: ValidationCheck['status']): SafeHtml {
  return html`<span class="badge ${STATUS_CLASS[status]}">${STATUS_MARK[status]} ${status}</span>`;
}

function evidence(ids: readonly number[]): string {
  return ids.length ? ids.map((id) => `#${id}`).join(' ') : '–';
}

/** The report as a whole HTML document. */
export function renderValidationHtml(r: ValidationReport): string {
  const s = r.stats;
  const title = `Validation of ${r.device}: ${r.verdict.toUpperCase()}`;
  const cards = html`<div class="cards">
<div class="card"><div class="muted">Verdict</div><div class="verdict ${r.verdict === 'pass' ? 'ok' : 'err'}">${r.verdict.toUpperCase()}</div></div>
<div class="card"><div class="muted">Device</div><div class="mono">${r.device}</div><div class="muted">Protocol</div><div>${r.protocol ?? 'unknown'}</div></div>
<div class="card"><div class="muted">Traffic</div><div>${s.sessions} session(s), ${s.framesUp} frames up, ${s.framesDown} down</div><div class="muted">From ${when(s.from)} to ${when(s.to)}</div></div>
<div class="card"><div class="muted">Clock</div><div>${s.clock?.text ?? 'no fix with a time'}</div>${s.clock ? html`<div class="muted">${s.clock.samples} fix(es)</div>` : ''}</div>
</div>`;
  const rows = r.checks.map((c) => [badge(c.status), c.title, c.detail, html`<span class="evidence">${evidence(c.evidenceFrameIds)}</span>`]);
  const checklist = htmlTable(['Result', 'Check', 'Detail', 'Evidence frames'], rows, 'checklist');

  const markers: HistogramMarker[] = [];
  const mark = (sec: number | null, label: string) => {
    const at = sec === null ? null : histogramPosition(s.intervalHistogram, sec);
    if (at !== null) markers.push({ at, label });
  };
  mark(s.expectedIntervalSec.min, `min ${formatSeconds(s.expectedIntervalSec.min)}`);
  mark(s.expectedIntervalSec.max, `max ${formatSeconds(s.expectedIntervalSec.max)}`);
  mark(s.intervalSec.median, `median ${s.intervalSec.median === null ? '' : formatSeconds(s.intervalSec.median)}`);
  const intervals = s.intervalHistogram.length
    ? histogramChart(s.intervalHistogram, { label: 'Seconds between position reports', markers, width: Math.max(360, 80 * s.intervalHistogram.length) })
    : html`<p class="muted">Fewer than two position reports: no intervals.</p>`;

  const issueBars = Object.entries(s.issues)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 20)
    .map(([id, n]) => ({ label: id, value: n }));
  const issues = issueBars.length ? barChart(issueBars, { label: 'Frames per issue', unit: 'frames' }) : html`<p class="muted">No issues on the device’s frames.</p>`;

  const body = html`<h1>${title}</h1>
<p class="muted">Trackwire hardware validation, made ${when(r.generatedAt)}. Frame numbers (#) are those of the Trackwire session or capture they come from.</p>
${cards}
<h2>Checklist</h2>
${checklist}
<h2>Reporting interval</h2>
<p>${s.intervalSec.median === null ? 'Not measured.' : `Median ${formatSeconds(s.intervalSec.median)} over ${s.intervalSec.count} intervals; expected ${formatSeconds(s.expectedIntervalSec.min)}–${formatSeconds(s.expectedIntervalSec.max)}.`}</p>
${intervals}
<h2>Issues</h2>
${issues}
<h2>Positions</h2>
<p>${s.positions} position(s), ${s.validPositions} flagged valid. ${s.badFrames} malformed or bad-checksum frame(s). Commands: ${s.commands.acknowledged} of ${s.commands.sent} acknowledged.</p>
<footer>Self-contained report: no scripts, nothing loaded from the network.</footer>`;
  return htmlPage({ title, body, css: CSS });
}

/** The checklist as text lines for the terminal. */
export function formatValidationText(r: ValidationReport): string {
  const lines = [`Validation of ${r.device} (${r.protocol ?? 'unknown protocol'}): ${r.verdict.toUpperCase()}`];
  const s = r.stats;
  lines.push(`  ${s.sessions} session(s), ${s.framesUp} frames up, ${s.framesDown} down, ${when(s.from)} – ${when(s.to)}`);
  if (s.clock) lines.push(`  ${s.clock.text}`);
  for (const c of r.checks) {
    lines.push(`  [${c.status === 'n/a' ? 'n/a ' : c.status.padEnd(4)}] ${c.title}`);
    lines.push(`         ${c.detail}`);
    if (c.evidenceFrameIds.length && c.status !== 'pass') lines.push(`         evidence: ${evidence(c.evidenceFrameIds)}`);
  }
  return lines.join('\n');
}
