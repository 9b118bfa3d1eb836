// The desktop menu bar, from plain data (no Electron binary here): File → Open Capture…, Open
// Recent (missing files disabled, Clear Recent), Open Sample; labels escape '&'.
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, recentLabel, type MenuItemSpec } from '../../src-main/electron/menu';
import type { RecentCapture } from '../../src-main/api/contract';

const recent = (name: string, dir: string, exists = true): RecentCapture => ({ path: `${dir}/${name}`, name, openedAt: 1, exists, sizeBytes: exists ? 100 : null });

function actions() {
  return { chooseCapture: vi.fn(), openCapture: vi.fn(), clearRecent: vi.fn() };
}

const sub = (items: MenuItemSpec[], ...labels: string[]): MenuItemSpec[] => {
  let level = items;
  for (const l of labels) level = level.find((i) => i.label === l)!.submenu!;
  return level;
};

describe('desktop menu', () => {
  it('File lists Open Capture (Ctrl+O), the recent files with their folder, and the samples; a click opens the file', () => {
    const a = actions();
    const t = menuTemplate({ recent: [recent('customer.pcapng', '/cases/acme'), recent('old.pcap', '/gone', false)], samples: [{ name: 'h02-tk100b.pcapng', path: '/app/samples/h02-tk100b.pcapng' }], isMac: false }, a);
    const file = sub(t, '&File');
    expect(file[0]).toMatchObject({ label: 'Open Capture…', accelerator: 'CmdOrCtrl+O' });
    file[0]!.click!();
    expect(a.chooseCapture).toHaveBeenCalledOnce();

    const rec = sub(t, '&File', 'Open Recent');
    expect(rec.map((i) => i.label ?? i.type)).toEqual(['&1 customer.pcapng — acme', '&2 old.pcap — gone (not found)', 'separator', 'Clear Recent']);
    expect(rec.map((i) => i.enabled)).toEqual([true, false, undefined, undefined]);
    rec[0]!.click!();
    expect(a.openCapture).toHaveBeenCalledWith('/cases/acme/customer.pcapng');
    rec[3]!.click!();
    expect(a.clearRecent).toHaveBeenCalledOnce();

    const samples = sub(t, '&File', 'Open Sample');
    samples[0]!.click!();
    expect(a.openCapture).toHaveBeenLastCalledWith('/app/samples/h02-tk100b.pcapng');
    expect(file.at(-1)).toEqual({ role: 'quit' });
  });

  it('empty lists say so, disabled; on macOS the app menu holds Quit', () => {
    const t = menuTemplate({ recent: [], samples: [], isMac: true }, actions());
    expect(t[0]!.label).toBe('Trackwire');
    expect(sub(t, '&File', 'Open Recent')).toEqual([{ label: 'No recent captures', enabled: false }]);
    expect(sub(t, '&File', 'Open Sample')).toEqual([{ label: 'No samples installed', enabled: false }]);
    expect(sub(t, '&File').some((i) => i.role === 'quit')).toBe(false);
  });

  it('no accelerator takes Ctrl+A from the frame list', () => {
    const roles = JSON.stringify(menuTemplate({ recent: [], samples: [], isMac: false }, actions()));
    expect(roles).not.toContain('selectAll');
  });

  it("escapes '&' so a file name is not read as a mnemonic; only the first nine get a number", () => {
    expect(recentLabel(recent('a&b.pcap', '/x'), 0)).toBe('&1 a&&b.pcap — x');
    expect(recentLabel(recent('z.pcap', '/x'), 9)).toBe('z.pcap — x');
  });
});
