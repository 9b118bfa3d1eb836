/**
 * Preload (sandboxed, context-isolated): exposes `window.trackwire`, the TrackwireApi, and
 * nothing else. Channels outside the contract's allow-list are refused here too.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, isRequestName, type EngineEvent, type TrackwireApi } from '../api/contract';

export function createPreloadApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): TrackwireApi {
  return {
    request(name, arg) {
      if (!isRequestName(name)) return Promise.reject(new Error(`request '${String(name)}' is not allowed`));
      return ipc.invoke(REQUEST_CHANNELS[name], arg);
    },
    onEvent(listener) {
      const handlers = Object.values(EVENT_CHANNELS).map((channel) => {
        const h = (_e: IpcRendererEvent, payload: EngineEvent) => listener(payload);
        ipc.on(channel, h);
        return [channel, h] as const;
      });
      return () => {
        for (const [channel, h] of handlers) ipc.removeListener(channel, h);
      };
    },
  };
}

contextBridge.exposeInMainWorld('trackwire', createPreloadApi(ipcRenderer));
