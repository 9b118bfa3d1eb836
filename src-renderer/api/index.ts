/**
 * The renderer's one door to the engine: Electron's preload API when present, otherwise the
 * HTTP + WebSocket client of the web server.
 */
import type { TrackwireApi } from '../../src-main/api/contract';
import { createWebClient, type ConnectionState, type WebApi } from './webClient';

export type { ConnectionState, WebApi } from './webClient';
export { ApiError } from './webClient';

let api: TrackwireApi | WebApi | null = null;

/** The API for this window, created on first use. */
export function getApi(): TrackwireApi {
  if (api) return api;
  const exposed = (window as unknown as { trackwire?: TrackwireApi }).trackwire;
  api =
    exposed ??
    createWebClient({
      location: window.location,
      fetch: (url, init) => window.fetch(url, init),
      openSocket: (url) => new WebSocket(url),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    });
  return api;
}

/** Subscribe to connection-state changes when the transport reports them (the web client does). */
export function onConnection(
  target: TrackwireApi,
  listener: (state: ConnectionState) => void,
): () => void {
  const maybe = target as Partial<WebApi>;
  if (typeof maybe.onConnection === 'function') return maybe.onConnection(listener);
  listener({ kind: 'connected' });
  return () => {};
}

/**
 * Whether this window runs in the desktop app, where the main process shows native file
 * dialogs; in web mode paths are typed (they name files on the engine's machine).
 */
export function hasNativeDialogs(): boolean {
  return typeof window !== 'undefined' && Boolean((window as unknown as { trackwire?: TrackwireApi }).trackwire);
}

/** The desktop preload's extra: a dropped file's path on disk ('' when it has none). */
interface DesktopFiles {
  pathForFile?: (file: File) => string;
}

/** A dropped file's path on disk in the desktop app; null in the browser, which knows no paths. */
export function pathForDroppedFile(file: File): string | null {
  const exposed = typeof window === 'undefined' ? undefined : (window as unknown as { trackwire?: DesktopFiles }).trackwire;
  return exposed?.pathForFile?.(file) || null;
}
