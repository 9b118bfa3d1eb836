/**
 * Monaco, bundled: the editor and its workers come from this app's own files, never a CDN (the
 * CSP allows scripts and workers from 'self' only). Imported by the composer alone, which the
 * window loads on demand, so Monaco stays out of the first bundle.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
// monaco-editor 0.57 maps `monaco-editor/<path>` to `esm/vs/<path>.js` (package exports), so
// these are esm/vs/editor/editor.worker.js and esm/vs/language/json/json.worker.js.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { schemaUri, type JsonSchema } from './schema';

type MonacoApi = typeof monaco;

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

// @monaco-editor/react would otherwise fetch Monaco from a CDN.
loader.config({ monaco });

/** The model the composer edits. */
export const COMPOSER_MODEL_PATH = 'trackwire-command.json';

/**
 * Completion, validation and hovers of the composer's document from a protocol's catalogue. The
 * composer's is the window's only JSON model, so the schema applies to every one.
 */
export function applyCommandSchema(api: MonacoApi, protocol: string, schema: JsonSchema): void {
  // Since 0.55 the JSON language is `monaco.json`, no longer `monaco.languages.json`.
  api.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [{ uri: schemaUri(protocol), fileMatch: ['*'], schema: schema as monaco.json.JSONSchema }],
  });
}

export { monaco };
export type { MonacoApi };
