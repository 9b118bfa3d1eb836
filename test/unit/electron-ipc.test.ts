// The Electron binary cannot run here: the IPC adapter is tested against an ipcMain-shaped
// object (handle/removeHandler) and a webContents-shaped sink. The adapter itself is thin.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { registerIpc, type IpcMainLike } from '../../src-main/electron/ipc';
import { createPreloadApi } from '../../src-main/electron/preload-api';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../src-main/api/contract';

function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  return {
    handlers,
    handle: (c: string, fn: Parameters<IpcMainLike['handle']>[1]) => void handlers.set(c, fn),
    removeHandler: (c: string) => void handlers.delete(c),
  };
}

describe('Electron IPC adapter', () => {
  it('handles exactly the contract channels and refuses untrusted senders', async () => {
    const engine = new Engine();
    const ipc = fakeIpcMain();
    const dispose = registerIpc(ipc, engine, (u) => u.startsWith('file:///app/'), () => null);
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(REQUEST_CHANNELS).sort());
    const status = ipc.handlers.get('renderer:get-status')!;
    await expect(Promise.resolve(status({ senderFrame: { url: 'file:///app/index.html' } }, null))).resolves.toMatchObject({ frameCount: 0 });
    await expect(Promise.resolve().then(() => status({ senderFrame: { url: 'https://evil.example/' } }, null))).rejects.toThrow(/untrusted/);
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('opens the recording folder through the desktop shell', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openRecorder } = await import('../../src-main/engine/recording');
    const engine = new Engine();
    await engine.start({ listen: [{ host: '127.0.0.1', port: 0 }], recorder: (e) => openRecorder(mkdtempSync(path.join(tmpdir(), 'tw-ipc-')), e) });
    const shown: string[] = [];
    const ipc = fakeIpcMain();
    registerIpc(ipc, engine, () => true, () => null, { showItemInFolder: (p) => void shown.push(p) });
    const r = await ipc.handlers.get('renderer:open-recording-folder')!({ senderFrame: { url: 'file:///app/' } }, null);
    const file = engine.status().recorder.path!;
    expect(r).toEqual({ path: file, opened: true });
    expect(shown).toEqual([file]);
    await engine.stop();
  });

  it('preload API invokes only allow-listed channels and forwards pushes', async () => {
    const invoked: string[] = [];
    const listeners = new Map<string, (e: unknown, p: unknown) => void>();
    const api = createPreloadApi({
      invoke: async (c: string) => {
        invoked.push(c);
        return null;
      },
      on: (c: string, h: (e: unknown, p: unknown) => void) => void listeners.set(c, h),
      removeListener: (c: string) => void listeners.delete(c),
    } as never);
    await api.request('getFrame', { id: 1 });
    expect(invoked).toEqual(['renderer:get-frame']);
    await expect(api.request('rm -rf' as never, null as never)).rejects.toThrow(/not allowed/);
    const got: unknown[] = [];
    const off = api.onEvent((e) => got.push(e));
    expect([...listeners.keys()].sort()).toEqual(Object.values(EVENT_CHANNELS).sort());
    listeners.get('main:frames')!(null, { type: 'frames', frames: [] });
    expect(got).toEqual([{ type: 'frames', frames: [] }]);
    off();
    expect(listeners.size).toBe(0);
  });
});
