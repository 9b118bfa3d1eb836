/** The HTML report building blocks: escaping, the page shell, inline SVG charts. */
import { describe, expect, it } from 'vitest';
import { barChart, escapeHtml, histogramChart, html, htmlPage, htmlTable, raw, REPORT_CSP } from '../../src-main/engine/analysis/report-html';

describe('report-html', () => {
  it('escapes text everywhere unless it is SafeHtml', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const evil = '<script>alert(1)</script>';
    expect(html`<p title="${evil}">${evil}${raw('<b>ok</b>')}${[1, ' & ', null, undefined, false, 2]}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;<b>ok</b>1 &amp; 2</p>',
    );
    expect(htmlTable(['a', { label: 'n', numeric: true }], [['<x>', '3']]).value).toBe('<table><thead><tr><th>a</th><th class="num">n</th></tr></thead><tbody><tr><td>&lt;x&gt;</td><td class="num">3</td></tr></tbody></table>');
  });

  it('makes a whole page: UTF-8, strict CSP, light and dark CSS, no scripts and no URLs', () => {
    const page = htmlPage({ title: 'T <1>', body: html`<p>${'x'}</p>` });
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(page).toContain('<title>T &lt;1&gt;</title>');
    expect(page).toContain('@media (prefers-color-scheme: dark)');
    expect(page).not.toMatch(/https?:\/\/|src=|<script|url\(/);
  });

  it('draws bar charts and histograms as inline SVG with accessible names and tooltips', () => {
    const bars = barChart([{ label: 'login <1>', value: 2 }, { label: 'location', value: 98, series: 'b' }], { label: 'share', unit: '%', max: 100 }).value;
    expect(bars).toMatch(/^<svg class="chart" role="img" aria-label="share"/);
    expect(bars).toContain('<title>login &lt;1&gt;: 2 %</title>');
    expect(bars).toContain('class="bar b"');
    const hist = histogramChart([{ label: '<10 s', count: 3 }, { label: '<20 s', count: 0 }], { label: 'intervals', series: 'a', markers: [{ at: 0, label: 'median 9 s' }] }).value;
    expect((hist.match(/<rect /g) ?? []).length).toBe(2);
    expect(hist).toContain('median 9 s');
    expect(hist).toContain('<title>&lt;10 s: 3</title>');
    expect(bars + hist).not.toMatch(/https?:|xmlns/);
  });
});
