/**
 * Building blocks of Trackwire's self-contained HTML reports (firmware comparison, validation):
 * escaping, a page shell with inline CSS (light and dark via prefers-color-scheme) and a strict
 * Content-Security-Policy, tables, and inline SVG charts. A report made from these opens from
 * disk with no network: no scripts, no external styles, fonts or images.
 *
 * Pure string building (no Node, no DOM), so the renderer can use it too. Inline SVG needs no
 * xmlns in HTML, so a report contains no URL at all (tests check for `http`).
 */

/** The page's Content-Security-Policy: nothing loads from anywhere; inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Markup that is already safe to insert (built by `html`, `raw` or the helpers below). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into `html`: text is escaped, SafeHtml is inserted as is, arrays are joined. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text escaped for element content and quoted attribute values. */
export function escapeHtml(text: string | number | boolean | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Trusted markup, inserted without escaping. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(v: HtmlValue): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v as string | number | boolean);
}

/** Tagged template: `html\`<td>${text}</td>\`` escapes every interpolation that is not SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** The base style sheet: system fonts, light and dark colours, tables, badges, charts. */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2329; --muted: #5f6b76; --bg: #ffffff; --panel: #f4f6f8; --border: #d5dbe1;
  --accent: #2563eb; --a: #2563eb; --b: #d97706; --add: #15803d; --del: #b91c1c; --chg: #a16207; --ok: #15803d; --warn: #b45309; --err: #b91c1c; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e8ee; --muted: #9aa7b4; --bg: #14181c; --panel: #1d2329; --border: #334049;
    --accent: #60a5fa; --a: #60a5fa; --b: #fbbf24; --add: #4ade80; --del: #f87171; --chg: #facc15; --ok: #4ade80; --warn: #fbbf24; --err: #f87171; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p, ul { margin: 6px 0; } .muted { color: var(--muted); } code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; border: 1px solid currentColor; white-space: nowrap; }
.badge.add, .add { color: var(--add); } .badge.del, .del { color: var(--del); } .badge.chg, .chg { color: var(--chg); }
.ok { color: var(--ok); } .warn { color: var(--warn); } .err { color: var(--err); }
.a { color: var(--a); } .b { color: var(--b); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 10px 14px; min-width: 220px; flex: 1; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; } @media (max-width: 800px) { .pair { grid-template-columns: 1fr; } }
svg.chart { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.chart text { fill: var(--fg); } svg.chart .axis { stroke: var(--border); } svg.chart .bar { fill: var(--accent); }
svg.chart .bar.a { fill: var(--a); } svg.chart .bar.b { fill: var(--b); } svg.chart .marker { stroke: var(--fg); stroke-dasharray: 3 2; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** More CSS appended to REPORT_CSS. */
  css?: string;
}

/** A whole HTML document: UTF-8, strict CSP, inline CSS, no scripts. */
export function htmlPage(opts: PageOptions): string {
  return (
    '<!DOCTYPE html>\n' +
    html`<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${raw(REPORT_CSP)}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${opts.title}</title><style>${raw(REPORT_CSS + (opts.css ?? ''))}</style></head><body>${opts.body}</body></html>`.value +
    '\n'
  );
}

export interface TableColumn {
  label: string;
  /** Right-aligned, tabular digits. */
  numeric?: boolean;
}

/** A table; cells are escaped text unless SafeHtml. */
export function htmlTable(columns: ReadonlyArray<TableColumn | string>, rows: ReadonlyArray<ReadonlyArray<HtmlValue>>, className?: string): SafeHtml {
  const cols = columns.map((c) => (typeof c === 'string' ? { label: c } : c));
  const head = cols.map((c) => html`<th${c.numeric ? raw(' class="num"') : ''}>${c.label}</th>`);
  const body = rows.map((r) => html`<tr>${r.map((cell, i) => html`<td${cols[i]?.numeric ? raw(' class="num"') : ''}>${cell}</td>`)}</tr>`);
  return html`<table${className ? html` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A number for display: integers as is, others to `digits` significant decimals. */
export function formatNumber(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(digits)));
}

export interface Bar {
  label: string;
  value: number;
  /** Tooltip (SVG <title>); defaults to `label: value`. */
  title?: string;
  /** Extra class on the bar (`a`, `b`) for the series colour. */
  series?: string;
}

export interface BarChartOptions {
  /** Accessible name of the chart. */
  label: string;
  width?: number;
  /** Height of one bar row. */
  rowHeight?: number;
  /** Unit appended to values. */
  unit?: string;
  /** Scale maximum (so two charts side by side share a scale); defaults to the largest value. */
  max?: number;
}

/** Horizontal bar chart (one row per bar, label left, value right) as inline SVG. */
export function barChart(bars: readonly Bar[], opts: BarChartOptions): SafeHtml {
  const width = opts.width ?? 560;
  const rowH = opts.rowHeight ?? 20;
  const labelW = Math.min(220, Math.max(60, Math.max(0, ...bars.map((b) => b.label.length)) * 6.5 + 8));
  const valueW = 70;
  const plotW = Math.max(40, width - labelW - valueW);
  const max = opts.max ?? Math.max(0, ...bars.map((b) => b.value));
  const height = Math.max(rowH, bars.length * rowH) + 4;
  const unit = opts.unit ? ` ${opts.unit}` : '';
  const rows = bars.map((b, i) => {
    const y = 2 + i * rowH;
    const w = max > 0 ? Math.max(b.value > 0 ? 1 : 0, (b.value / max) * plotW) : 0;
    const title = b.title ?? `${b.label}: ${formatNumber(b.value)}${unit}`;
    return html`<g><title>${title}</title><text x="${labelW - 6}" y="${y + rowH * 0.68}" text-anchor="end">${b.label}</text><rect class="bar${b.series ? ' ' + b.series : ''}" x="${labelW}" y="${y + 3}" width="${formatNumber(w)}" height="${rowH - 6}"></rect><text x="${formatNumber(labelW + w + 4)}" y="${y + rowH * 0.68}">${formatNumber(b.value)}${unit}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${opts.label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows}</svg>`;
}

export interface HistogramBucket {
  /** Axis label of the bucket (e.g. `10–20 s`). */
  label: string;
  count: number;
}

export interface HistogramMarker {
  /** Index of the bucket the marker sits in (fractional positions allowed). */
  at: number;
  label: string;
}

export interface HistogramOptions {
  label: string;
  width?: number;
  height?: number;
  /** Bar colour series (`a`, `b`). */
  series?: string;
  /** Scale maximum shared between charts; defaults to the largest count. */
  max?: number;
  /** Vertical dashed lines, e.g. the median and p90. */
  markers?: readonly HistogramMarker[];
}

/** Vertical-bar histogram as inline SVG: one column per bucket, labels below, counts above. */
export function histogramChart(buckets: readonly HistogramBucket[], opts: HistogramOptions): SafeHtml {
  const width = opts.width ?? 520;
  const height = opts.height ?? 180;
  const left = 8;
  const top = 16;
  const bottom = 34;
  const plotH = height - top - bottom;
  const n = Math.max(1, buckets.length);
  const colW = (width - left * 2) / n;
  const max = opts.max ?? Math.max(0, ...buckets.map((b) => b.count));
  const cols = buckets.map((b, i) => {
    const h = max > 0 ? (b.count / max) * plotH : 0;
    const x = left + i * colW;
    const y = top + plotH - h;
    const cx = x + colW / 2;
    return html`<g><title>${b.label}: ${b.count}</title><rect class="bar${opts.series ? ' ' + opts.series : ''}" x="${formatNumber(x + 1)}" y="${formatNumber(y)}" width="${formatNumber(Math.max(1, colW - 2))}" height="${formatNumber(h)}"></rect>${b.count > 0 ? html`<text x="${formatNumber(cx)}" y="${formatNumber(y - 3)}" text-anchor="middle">${b.count}</text>` : ''}<text x="${formatNumber(cx)}" y="${top + plotH + 13}" text-anchor="middle" font-size="9">${b.label}</text></g>`;
  });
  const markers = (opts.markers ?? []).map((m, i) => {
    const x = left + (m.at + 0.5) * colW;
    return html`<g><line class="marker" x1="${formatNumber(x)}" x2="${formatNumber(x)}" y1="${top}" y2="${top + plotH}"></line><text x="${formatNumber(x + 3)}" y="${top + 10 + i * 12}">${m.label}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${opts.label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><line class="axis" x1="${left}" x2="${width - left}" y1="${top + plotH}" y2="${top + plotH}"></line>${cols}${markers}</svg>`;
}
