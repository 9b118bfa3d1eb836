/**
 * IPC adapter: the API contract over Electron IPC. Only the channels of the contract are
 * handled, and only for frames of our own window; the engine's pushes go out on `main:*`.
 * Takes ipcMain-like objects so the allow-list logic is tested without the Electron binary.
 */
import { EVENT_CHANNELS, REQUEST_CHANNELS, REQUEST_NAMES, type EngineEvent } from '../api/contract';
import type { Engine } from '../engine/engine';

export interface IpcMainLike {
  handle(channel: string, fn: (event: { senderFrame: { url: string } | null }, arg: unknown) => unknown): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Desktop-only parts of requests (the file manager); the engine answers the rest. */
export interface DesktopShell {
  showItemInFolder(path: string): void;
  /** A native open-file dialog for captures; null when cancelled. */
  chooseCaptureFile?(): Promise<string | null>;
  /** A native save dialog for exports; null when cancelled. */
  chooseExportFile?(format: string): Promise<string | null>;
}

/** Register one handler per allowed request channel; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMainLike, engine: Engine, isTrustedUrl: (url: string) => boolean, target: () => WebContentsLike | null, shell?: DesktopShell): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(REQUEST_CHANNELS[name], async (event, arg) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) throw new Error(`IPC from an untrusted page refused: ${url}`);
      if (name === 'chooseCapture' && shell?.chooseCaptureFile) {
        const file = await shell.chooseCaptureFile();
        return file ? engine.handle('openCapture', { path: file }) : null;
      }
      if (name === 'exportFrames' && shell?.chooseExportFile && (arg as { path?: string | null } | null)?.path === null) {
        const a = arg as { format: string };
        const file = await shell.chooseExportFile(a.format);
        return file ? engine.handle('exportFrames', { ...(arg as object), path: file } as never) : null;
      }
      const result = await engine.handle(name, arg as never);
      if (name === 'openRecordingFolder' && shell) {
        const r = result as { path: string | null; opened: boolean };
        if (r.path) {
          shell.showItemInFolder(r.path);
          return { path: r.path, opened: true };
        }
      }
      return result;
    });
  }
  const unsubscribe = engine.subscribe((e: EngineEvent) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNELS[e.type], e);
  });
  return () => {
    unsubscribe();
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(REQUEST_CHANNELS[name]);
  };
}
