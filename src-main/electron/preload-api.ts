/** The TrackwireApi over ipcRenderer; channels outside the contract's allow-list are refused. */
import type { IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, isRequestName, type EngineEvent, type TrackwireApi } from '../api/contract';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  // Electron types listener arguments as any[]: the payload is checked by the contract's types.
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  removeListener(channel: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function createPreloadApi(ipc: IpcRendererLike): TrackwireApi {
  return {
    request(name, arg) {
      if (!isRequestName(name)) return Promise.reject(new Error(`request '${String(name)}' is not allowed`));
      return ipc.invoke(REQUEST_CHANNELS[name], arg) as never;
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

