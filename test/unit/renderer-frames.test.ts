import { describe, expect, it } from 'vitest';
import {
  directionArrow,
  formatTime,
  issuesText,
  listenersText,
  rowClassName,
} from '../../src-renderer/features/frames/format';
import { isAtBottom, navigate, scrollToReveal, windowRange } from '../../src-renderer/features/frames/windowing';
import { STATUS, frame } from './renderer-fixtures';

describe('frame list windowing', () => {
  it('renders only rows near the viewport', () => {
    expect(windowRange(0, 220, 22, 100_000, 0)).toEqual({ first: 0, end: 11 });
    expect(windowRange(22 * 1000, 220, 22, 100_000, 5)).toEqual({ first: 995, end: 1016 });
    expect(windowRange(0, 220, 22, 3)).toEqual({ first: 0, end: 3 });
    expect(windowRange(0, 220, 22, 0)).toEqual({ first: 0, end: 0 });
  });

  it('clamps a scroll position past the end', () => {
    const w = windowRange(22 * 500, 220, 22, 100, 2);
    expect(w.end).toBe(100);
    expect(w.first).toBeLessThanOrEqual(w.end);
  });

  it('moves the selection with navigation keys', () => {
    expect(navigate('ArrowDown', -1, 10, 4)).toBe(0);
    expect(navigate('ArrowDown', 9, 10, 4)).toBe(9);
    expect(navigate('ArrowUp', 0, 10, 4)).toBe(0);
    expect(navigate('ArrowUp', -1, 10, 4)).toBe(9);
    expect(navigate('PageDown', 2, 10, 4)).toBe(6);
    expect(navigate('PageDown', 8, 10, 4)).toBe(9);
    expect(navigate('PageUp', 2, 10, 4)).toBe(0);
    expect(navigate('Home', 5, 10, 4)).toBe(0);
    expect(navigate('End', 5, 10, 4)).toBe(9);
    expect(navigate('x', 5, 10, 4)).toBeNull();
    expect(navigate('ArrowDown', -1, 0, 4)).toBeNull();
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(5, 0, 220, 22)).toBe(0);
    expect(scrollToReveal(20, 0, 220, 22)).toBe(21 * 22 - 220);
    expect(scrollToReveal(2, 200, 220, 22)).toBe(44);
    expect(isAtBottom(780, 220, 1000, 11)).toBe(true);
    expect(isAtBottom(700, 220, 1000, 11)).toBe(false);
  });
});

describe('frame list cells', () => {
  it('formats local time as HH:MM:SS.mmm', () => {
    const t = new Date(2025, 0, 2, 3, 4, 5, 6).getTime();
    expect(formatTime(t)).toBe('03:04:05.006');
  });

  it('shows direction and issues', () => {
    expect(directionArrow('up')).toBe('↑');
    expect(directionArrow('down')).toBe('↓');
    expect(issuesText(frame(1))).toBe('');
    expect(issuesText(frame(1, { issueCount: 1, severity: 'error' }))).toBe('1 error');
    expect(issuesText(frame(1, { issueCount: 3, severity: 'warning' }))).toBe('3 warnings');
  });

  it('tints rows by severity and direction', () => {
    expect(rowClassName(frame(1), false)).toBe('frame-row');
    expect(rowClassName(frame(1, { direction: 'down' }), true)).toBe('frame-row frame-row--down frame-row--selected');
    expect(rowClassName(frame(1, { issueCount: 2, severity: 'warning' }), false)).toBe('frame-row frame-row--warning');
  });

  it('lists the listeners on one line', () => {
    expect(listenersText(STATUS.listeners)).toBe('TCP 0.0.0.0:8888 · UDP 0.0.0.0:8888');
    expect(listenersText([{ transport: 'tcp', host: '::', port: 5023, state: 'error', error: 'EADDRINUSE' }])).toBe(
      'TCP [::]:5023 (error)',
    );
  });
});
