/**
 * A Comparison as a self-contained HTML report (summary, differences with example frames on both
 * sides, message types with a share chart, interval histograms side by side, reconnects, fields),
 * as JSON, and as plain text for the terminal. Pure (no Node, no DOM).
 */
import { DIFFERENCE_KIND_LABELS, type Comparison, type Difference, type DifferenceKind, type FieldRow, type FieldSide, type Histogram, type MessageTypeRow, type SourceInfo } from '../../api/comparison';
import { barChart, formatNumber, histogramChart, html, htmlPage, htmlTable, raw, type HistogramBucket, type SafeHtml } from './report-html';

const KIND_LABEL = DIFFERENCE_KIND_LABELS;

const badgeClass = (k: DifferenceKind) => (k.endsWith('-added') ? 'add' : k.endsWith('-removed') ? 'del' : 'chg');

/** Milliseconds as `850 ms`, `12 s`, `2.5 min`, `1.2 h`. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatNumber(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${formatNumber(ms / 60_000, 1)} min`;
  return `${formatNumber(ms / 3_600_000, 1)} h`;
}

const time = (ms: number | null) => (ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
const pct = (x: number) => `${formatNumber(x * 100, 1)} %`;
const frames = (ids: readonly number[]) => (ids.length ? ids.map((i) => `#${i}`).join(', ') : '–');
const where = (d: Pick<Difference, 'protocol' | 'direction' | 'messageType'>) => `${d.protocol} ${d.direction === 'up' ? '↑' : '↓'} ${d.messageType}`;

/** One line per difference, for the terminal. */
export function formatDifferenceText(d: Difference): string {
  const head = `${KIND_LABEL[d.kind]}: ${where(d)}${d.fieldId ? ` ${d.fieldId}` : ''}`;
  const lines = [`${head}`, `    A: ${d.a}   [frames ${frames(d.examples.a)}]`, `    B: ${d.b}   [frames ${frames(d.examples.b)}]`];
  for (const x of d.details ?? []) lines.push(`    · ${x}`);
  return lines.join('\n');
}

/** The comparison for the terminal: sources, then each difference with its example frames. */
export function formatComparisonText(c: Comparison): string {
  const src = (n: string, s: SourceInfo) => `${n}: ${s.label} — ${s.frames} frames, ${s.deviceCount} device(s), ${s.sessions} session(s)${s.problem ? ` (${s.problem})` : ''}`;
  const out = [src('A', c.a), src('B', c.b), ''];
  if (!c.differences.length) out.push('No differences.');
  else {
    out.push(`${c.differences.length} difference${c.differences.length === 1 ? '' : 's'} (frame numbers as each file shows them):`);
    for (const d of c.differences) out.push(formatDifferenceText(d));
  }
  return `${out.join('\n')}\n`;
}

/** The comparison as JSON (the Comparison object, indented). */
export function comparisonJson(c: Comparison): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

function sourceCard(name: 'A' | 'B', s: SourceInfo): SafeHtml {
  const cls = name === 'A' ? 'a' : 'b';
  return html`<div class="card"><h3 class="${cls}">${name}: ${s.label}</h3><p class="mono muted">${s.file}${s.deviceId ? ` — device ${s.deviceId}` : ''}</p><ul>
<li>${s.frames} frames (${s.framesUp} from devices, ${s.framesDown} to them)${s.undecoded ? `, ${s.undecoded} undecoded` : ''}</li>
<li>${s.deviceCount} device(s)${s.devices.length ? html`: <span class="mono">${s.devices.slice(0, 5).join(', ')}${s.deviceCount > 5 ? ', …' : ''}</span>` : ''}; ${s.sessions} session(s)</li>
<li>protocols: ${s.protocols.join(', ') || '–'}</li>
<li>${time(s.firstTime)} – ${time(s.lastTime)}${s.firstTime !== null && s.lastTime !== null ? ` (${formatMs(s.lastTime - s.firstTime)})` : ''}</li>
${s.problem ? html`<li class="warn">${s.problem}</li>` : ''}</ul></div>`;
}

function differencesTable(c: Comparison): SafeHtml {
  if (!c.differences.length) return html`<p class="ok">No differences: the two sources send the same message types, fields, codecs, framing, checksums and answers, at the same intervals.</p>`;
  const rows = c.differences.map((d, i) => [
    String(i + 1),
    html`<span class="badge ${badgeClass(d.kind)}">${KIND_LABEL[d.kind]}</span>`,
    where(d),
    html`<span class="mono">${d.fieldId ?? ''}</span>`,
    html`${d.a}${d.details?.length ? html`<details><summary>${d.details.length} consequence(s)</summary><ul>${d.details.map((x) => html`<li class="mono">${x}</li>`)}</ul></details>` : ''}`,
    d.b,
    html`<span class="mono a">${frames(d.examples.a)}</span>`,
    html`<span class="mono b">${frames(d.examples.b)}</span>`,
  ]);
  return htmlTable(['#', 'kind', 'where', 'field', 'A', 'B', 'frames in A', 'frames in B'], rows, 'diffs');
}

function messageTypeSection(c: Comparison): SafeHtml {
  const rows = c.messageTypes.map((m: MessageTypeRow) => {
    const side = (s: MessageTypeRow['a']) => (s ? [String(s.count), pct(s.share), html`<span class="mono">#${s.firstId}–#${s.lastId}</span>`] : ['–', '–', '–']);
    const presence = !m.a ? html`<span class="badge add">only in B</span>` : !m.b ? html`<span class="badge del">only in A</span>` : '';
    return [m.protocol, m.direction === 'up' ? '↑ device' : '↓ server', html`${m.messageType} ${presence}`, ...side(m.a), ...side(m.b)];
  });
  const cols = ['protocol', 'direction', 'message type', { label: 'A frames', numeric: true }, { label: 'A share', numeric: true }, 'A first–last', { label: 'B frames', numeric: true }, { label: 'B share', numeric: true }, 'B first–last'];
  const bars = c.messageTypes.flatMap((m) => {
    const label = `${m.direction === 'up' ? '↑' : '↓'} ${m.messageType}`;
    return [
      { label: `A ${label}`, value: Math.round((m.a?.share ?? 0) * 1000) / 10, series: 'a' },
      { label: `B ${label}`, value: Math.round((m.b?.share ?? 0) * 1000) / 10, series: 'b' },
    ];
  });
  return html`${htmlTable(cols, rows)}<h3>Share of frames per direction</h3>${barChart(bars, { label: 'Share of each message type in A and B', unit: '%', max: 100, width: 640 })}`;
}

/** The display bucket a value falls in (for median/p90 markers). */
function bucketOf(h: Histogram, ms: number): number {
  let i = 0;
  while (i < h.edgesMs.length && ms >= h.edgesMs[i]!) i++;
  return i;
}

function bucketLabels(h: Histogram): HistogramBucket[] {
  return h.counts.map((count, i) => {
    const lo = i === 0 ? 0 : h.edgesMs[i - 1]!;
    const hi = h.edgesMs[i];
    return { label: hi === undefined ? `≥${formatMs(lo)}` : `<${formatMs(hi)}`, count };
  });
}

function timingSection(c: Comparison): SafeHtml {
  if (!c.timing.length) return html`<p class="muted">No location reports or heartbeats to time.</p>`;
  return html`${c.timing.map((t) => {
    const max = Math.max(...t.a.counts, ...t.b.counts);
    const chart = (name: 'A' | 'B', h: Histogram) => {
      const markers = [];
      if (h.medianMs !== null) markers.push({ at: bucketOf(h, h.medianMs), label: `median ${formatMs(h.medianMs)}` });
      if (h.p90Ms !== null) markers.push({ at: bucketOf(h, h.p90Ms), label: `p90 ${formatMs(h.p90Ms)}` });
      return html`<div><h4 class="${name.toLowerCase()}">${name}: ${h.count} intervals, median ${formatMs(h.medianMs)}, p90 ${formatMs(h.p90Ms)}</h4>${histogramChart(bucketLabels(h), { label: `${t.protocol} ${t.what}: intervals in ${name}`, series: name.toLowerCase(), max, markers })}</div>`;
    };
    return html`<h3>${t.protocol}: ${t.what} (per device)</h3><div class="pair">${chart('A', t.a)}${chart('B', t.b)}</div>`;
  })}`;
}

function reconnectSection(c: Comparison): SafeHtml {
  if (!c.reconnects.length) return html``;
  const side = (s: Comparison['reconnects'][number]['a']) => (s ? [String(s.devices), String(s.sessions), formatNumber(s.reconnectsPerDevice), formatNumber(s.deviceHours, 2)] : ['–', '–', '–', '–']);
  const n = { numeric: true };
  return htmlTable(
    ['protocol', { label: 'A devices', ...n }, { label: 'A sessions', ...n }, { label: 'A reconnects/device', ...n }, { label: 'A device-hours', ...n }, { label: 'B devices', ...n }, { label: 'B sessions', ...n }, { label: 'B reconnects/device', ...n }, { label: 'B device-hours', ...n }],
    c.reconnects.map((r) => [r.protocol, ...side(r.a), ...side(r.b)]),
  );
}

function fieldCell(f: FieldSide | null): SafeHtml | string {
  if (!f) return '–';
  const range = f.min === null ? '' : f.min === f.max ? ` = ${formatNumber(f.min, 6)}` : ` ${formatNumber(f.min!, 6)}…${formatNumber(f.max!, 6)}`;
  const len = f.variableLength ? 'variable length' : `${f.lengths.join('/')} B`;
  return html`${f.frames} fr · ${f.kinds.join('/')} · ${f.lengths.length || f.variableLength ? len : 'group'}${range}${f.values ? html`<br><span class="muted">values ${f.values.join(', ')}</span>` : ''} <span class="mono muted">#${f.example}</span>`;
}

function fieldSection(c: Comparison): SafeHtml {
  const flagged = new Set(c.differences.filter((d) => d.fieldId).map((d) => `${d.protocol}|${d.direction}|${d.messageType}|${d.fieldId}`));
  const groups = new Map<string, FieldRow[]>();
  for (const f of c.fields) {
    const k = `${f.protocol} ${f.direction === 'up' ? '↑' : '↓'} ${f.messageType}`;
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(f);
  }
  return html`${[...groups].map(([title, rows]) => {
    const marked = rows.filter((r) => flagged.has(`${r.protocol}|${r.direction}|${r.messageType}|${r.fieldId}`)).length;
    const body = htmlTable(
      ['field id', 'type', 'unit', 'A', 'B'],
      rows.map((r) => {
        const diff = flagged.has(`${r.protocol}|${r.direction}|${r.messageType}|${r.fieldId}`);
        return [html`<span class="mono${diff ? ' chg' : ''}">${r.fieldId}</span>`, r.type ?? '', r.unit ?? '', fieldCell(r.a), fieldCell(r.b)];
      }),
    );
    return html`<details${marked ? raw(' open') : ''}><summary>${title} — ${rows.length} fields${marked ? `, ${marked} with differences` : ''}</summary>${body}</details>`;
  })}`;
}

/** What the frame numbers of the report are. */
function numbering(c: Comparison): SafeHtml {
  const file = html`as Trackwire numbers the file's frames when it is opened on its own (and as <code>trackwire decode</code> lists them)`;
  const engine = 'as the frame list of the Trackwire window the comparison was made in numbers them';
  if (c.a.engineFrames && c.b.engineFrames) return html`Frame numbers are ${engine}.`;
  if (!c.a.engineFrames && !c.b.engineFrames) return html`Frame numbers are ${file}.`;
  return html`Frame numbers of A are ${c.a.engineFrames ? engine : file}; those of B ${c.b.engineFrames ? engine : file}.`;
}

/** The comparison as one HTML file: inline CSS and SVG, no scripts, nothing fetched. */
export function renderComparisonHtml(c: Comparison): string {
  const counts = new Map<DifferenceKind, number>();
  for (const d of c.differences) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  const summary = c.differences.length
    ? html`<p><strong>${c.differences.length} difference${c.differences.length === 1 ? '' : 's'}</strong>: ${[...counts].map(([k, n], i) => html`${i ? ', ' : ''}<span class="badge ${badgeClass(k)}">${KIND_LABEL[k]} × ${n}</span>`)}</p>`
    : html`<p class="ok"><strong>No differences.</strong></p>`;
  const thresholds = Object.entries(c.thresholds).map(([k, v]) => `${k} = ${v}`).join(', ');
  const body = html`<h1>Trackwire comparison</h1><p class="muted"><span class="a">A</span> ${c.a.label} · <span class="b">B</span> ${c.b.label} · made ${time(Date.parse(c.generatedAt))}</p>
<div class="cards">${sourceCard('A', c.a)}${sourceCard('B', c.b)}</div>
<h2>Differences</h2>${summary}<p class="muted">${numbering(c)}</p>${differencesTable(c)}
<h2>Message types</h2>${messageTypeSection(c)}
<h2>Intervals</h2>${timingSection(c)}
<h2>Sessions and reconnects</h2>${reconnectSection(c)}
<h2>Fields by message type</h2><p class="muted">Per field id: frames carrying it, value kinds, byte lengths, numeric range, enum values, an example frame.</p>${fieldSection(c)}
<footer>Values (positions, speeds, times, counters) are not differences; formats and behaviour are. Thresholds: ${thresholds}.</footer>`;
  return htmlPage({ title: `Trackwire comparison: ${c.a.label} vs ${c.b.label}`, body, css: 'h4 { margin: 6px 0; font-size: 13px; } details { margin: 6px 0; } summary { cursor: pointer; }' });
}
