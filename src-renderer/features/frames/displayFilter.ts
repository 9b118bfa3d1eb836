/**
 * The display-filter bar's logic, pure (no React): the validation state of the text as typed
 * (parsers/core/display-filter.ts, the same code the engine filters with), the word under the
 * cursor and the field names that complete it, and the field names themselves (the fixed ones
 * plus the ids of every protocol's field tables, loaded lazily so the main bundle stays small).
 */
import { collectFieldIds, filterFieldNames, parseFilter } from '../../../parsers/core/display-filter';
import type { FieldDef } from '../../../parsers/core/fields';

export type FilterValidation =
  | { state: 'empty' }
  | { state: 'valid' }
  | { state: 'invalid'; error: string; at: number };

/** What the bar shows for the text as typed: nothing, valid (green), or the error and where. */
export function validateFilter(text: string): FilterValidation {
  if (text.trim() === '') return { state: 'empty' };
  const result = parseFilter(text);
  if (result.ok) return { state: 'valid' };
  return { state: 'invalid', error: result.error, at: Math.max(0, Math.min(result.at, text.length)) };
}

/** The filter to apply for the text, or undefined when it is invalid (never applied): null clears. */
export function filterToApply(text: string): string | null | undefined {
  const v = validateFilter(text);
  if (v.state === 'invalid') return undefined;
  return v.state === 'empty' ? null : text.trim();
}

const WORD_CHAR = /[A-Za-z0-9_.]/;

export interface WordAt {
  /** Where the word starts and ends (end exclusive). */
  start: number;
  end: number;
  /** The part before the cursor: what completion matches. */
  prefix: string;
}

/** The field-name-like word around `cursor` (letters, digits, `_`, `.`), or null when there is none. */
export function wordAt(text: string, cursor: number): WordAt | null {
  const at = Math.max(0, Math.min(cursor, text.length));
  let start = at;
  while (start > 0 && WORD_CHAR.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
  if (start === end) return null;
  return { start, end, prefix: text.slice(start, at) };
}

/** Whether `pos` is inside a "string" literal. */
function insideString(text: string, pos: number): boolean {
  let inside = false;
  for (let i = 0; i < pos; i++) {
    const c = text[i];
    if (inside && c === '\\') i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

/** Whether the word starting at `start` is a value (after a comparison operator), not a field. */
function isValuePosition(text: string, start: number): boolean {
  const before = text.slice(0, start).trimEnd();
  return /(==|!=|>=|<=|>|<)$/.test(before) || /(^|[\s()!])(contains|matches)$/i.test(before);
}

/** At most this many names in the dropdown. */
export const MAX_COMPLETIONS = 12;

/**
 * The field names that complete the word under the cursor: those starting with it (ignoring
 * case), then those containing it after a dot; none inside a string, in a value's place, or
 * when the word is already a whole name and nothing longer starts with it.
 */
export function completionsAt(names: readonly string[], text: string, cursor: number, limit = MAX_COMPLETIONS): string[] {
  const word = wordAt(text, cursor);
  if (!word || word.prefix === '') return [];
  if (insideString(text, word.start) || isValuePosition(text, word.start)) return [];
  const prefix = word.prefix.toLowerCase();
  const starts: string[] = [];
  const inner: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower === prefix) continue;
    if (lower.startsWith(prefix)) starts.push(name);
    else if (prefix.length >= 2 && lower.includes(`.${prefix}`)) inner.push(name);
  }
  return [...starts, ...inner].slice(0, limit);
}

/** The text with the word under the cursor replaced by `name`, and the cursor after it. */
export function acceptCompletion(text: string, cursor: number, name: string): { text: string; cursor: number } {
  const word = wordAt(text, cursor) ?? { start: cursor, end: cursor, prefix: '' };
  const next = text.slice(0, word.start) + name + text.slice(word.end);
  return { text: next, cursor: word.start + name.length };
}

/** The field tables among a module's exports (objects whose every value is a field def). */
export function fieldTablesOf(mod: Readonly<Record<string, unknown>>): Array<Record<string, FieldDef>> {
  const tables: Array<Record<string, FieldDef>> = [];
  for (const value of Object.values(mod)) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Set || value instanceof Map) continue;
    const entries = Object.values(value as Record<string, unknown>);
    if (entries.length === 0) continue;
    const isTable = entries.every((d) => !!d && typeof d === 'object' && typeof (d as FieldDef).id === 'string' && typeof (d as FieldDef).label === 'string');
    if (isTable) tables.push(value as Record<string, FieldDef>);
  }
  return tables;
}

/** Every protocol's fields.ts, each its own chunk, loaded on first use. */
const FIELD_MODULES = import.meta.glob<Record<string, unknown>>('../../../parsers/*/fields.ts');

let fieldNames: Promise<string[]> | null = null;

/** The fixed names, then every protocol field id; the protocols' part loads once, lazily. */
export function loadFieldNames(): Promise<string[]> {
  fieldNames ??= Promise.all(Object.values(FIELD_MODULES).map((load) => load().catch(() => ({}))))
    .then((mods) => [...filterFieldNames(), ...collectFieldIds(mods.flatMap((m) => fieldTablesOf(m)))])
    .catch(() => filterFieldNames());
  return fieldNames;
}
