/**
 * Preload (sandboxed, context-isolated): exposes `window.trackwire`, the TrackwireApi, and
 * nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('trackwire', createPreloadApi(ipcRenderer));
