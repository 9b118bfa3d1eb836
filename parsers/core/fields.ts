/** Declarative field tables: one entry per field id, beside each protocol's decode code. */

export type FieldType =
  | 'u8' | 'u16' | 'u24' | 'u32' | 'i8' | 'i16' | 'i32'
  | 'bcd' | 'ascii' | 'bytes' | 'group' | 'time' | 'flags' | 'checksum'
  /** A fixed marker (start/stop bits): shown in hex. */
  | 'magic';

export interface FieldDef {
  id: string;
  label: string;
  type: FieldType;
  unit?: string;
  enum?: Readonly<Record<number, string>>;
  doc?: string;
}

/** Define a protocol's field table; keys are short local names, values carry the stable dotted id. */
export function fieldTable<T extends Record<string, Omit<FieldDef, 'id'>>>(
  prefix: string,
  table: T,
): { readonly [K in keyof T]: FieldDef } {
  const out: Record<string, FieldDef> = {};
  for (const [key, def] of Object.entries(table)) out[key] = { id: `${prefix}.${key}`, ...def };
  return out as { [K in keyof T]: FieldDef };
}

/** A field def nested under another id (`gt06.location` + `latitude` → `gt06.location.latitude`). */
export function subField(parent: string, key: string, def: Omit<FieldDef, 'id'>): FieldDef {
  return { id: `${parent}.${key}`, ...def };
}
