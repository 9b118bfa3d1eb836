/**
 * The composer's document — `{ "type": …, "attributes": {…}, "variant": … }` — as a JSON schema
 * built from a protocol's command catalogue (one `oneOf` branch per command type, so the editor
 * completes, validates and explains from it), the template a command type starts from, and the
 * document read back into a request. Pure, no React, no Monaco.
 */
import type { AttributeSchema, CommandDef } from '../../../parsers/core/commands';

/** The JSON-schema subset the editor's JSON service reads (draft-07 plus its `markdownDescription`). */
export interface JsonSchema {
  $id?: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean';
  const?: string;
  enum?: ReadonlyArray<string | number>;
  markdownEnumDescriptions?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  oneOf?: JsonSchema[];
  defaultSnippets?: Array<{ label: string; description?: string; body: unknown }>;
}

/** What the composer sends, as read from its document. */
export interface CommandDocument {
  type: string;
  attributes: Record<string, unknown>;
  variant?: string;
}

function attributeSchema(a: AttributeSchema): JsonSchema {
  const s: JsonSchema = { type: a.type, description: a.description };
  const limits: string[] = [];
  if (a.minimum !== undefined) {
    s.minimum = a.minimum;
    limits.push(`at least ${a.minimum}`);
  }
  if (a.maximum !== undefined) {
    s.maximum = a.maximum;
    limits.push(`at most ${a.maximum}`);
  }
  if (a.enum) s.enum = [...a.enum];
  if (a.pattern !== undefined) s.pattern = a.pattern;
  if (a.default !== undefined) {
    s.default = a.default;
    limits.push(`default ${JSON.stringify(a.default)}`);
  }
  s.markdownDescription = limits.length > 0 ? `${a.description} (${a.type}; ${limits.join(', ')})` : `${a.description} (${a.type})`;
  return s;
}

/** One command type's branch: `type` fixed, its attributes, its variants. */
function commandBranch(def: CommandDef): JsonSchema {
  const danger = def.immobilises ? '\n\n**Immobilises the vehicle**: the composer asks before sending.' : '';
  const properties: Record<string, JsonSchema> = {
    type: { const: def.type, description: `${def.label}: ${def.doc}`, markdownDescription: `**${def.label}** — ${def.doc}${danger}` },
  };
  const names = Object.keys(def.attributes);
  const attributes: JsonSchema = {
    type: 'object',
    description: names.length > 0 ? `Attributes of ${def.label}` : `${def.label} takes no attributes`,
    properties: Object.fromEntries(names.map((n) => [n, attributeSchema(def.attributes[n]!)])),
    additionalProperties: false,
  };
  if (def.required && def.required.length > 0) attributes.required = [...def.required];
  properties.attributes = attributes;
  const required = ['type'];
  if (def.required && def.required.length > 0) required.push('attributes');
  if (def.variants) {
    const keys = Object.keys(def.variants);
    properties.variant = {
      type: 'string',
      enum: keys,
      description: `Firmware variant: ${keys.map((k) => `${k} (${def.variants![k]})`).join(', ')}`,
      markdownEnumDescriptions: keys.map((k) => def.variants![k]!),
    };
  }
  return {
    title: def.label,
    description: def.doc,
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    defaultSnippets: [{ label: def.type, description: def.label, body: templateFor(def) }],
  };
}

/** The schema of a command document for one protocol's catalogue. */
export function commandSchema(protocol: string, defs: readonly CommandDef[]): JsonSchema {
  return {
    $id: schemaUri(protocol),
    title: `${protocol} command`,
    description: `A downlink command for ${protocol}: its type, attributes and firmware variant`,
    type: 'object',
    oneOf: defs.map(commandBranch),
  };
}

/** Where the schema is registered with the editor (a name, never fetched). */
export function schemaUri(protocol: string): string {
  return `trackwire://schemas/commands/${encodeURIComponent(protocol)}.json`;
}

/** A value an attribute starts with in a template: its default, its first choice, its minimum. */
export function sampleValue(a: AttributeSchema): string | number | boolean {
  if (a.default !== undefined) return a.default;
  if (a.enum && a.enum.length > 0) return a.enum[0]!;
  switch (a.type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return a.minimum ?? 0;
    case 'string':
      return '';
  }
}

/** The document a command type starts from: its required attributes and those with a default. */
export function templateFor(def: CommandDef): CommandDocument {
  const attributes: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(def.attributes)) {
    if (def.required?.includes(name) || a.default !== undefined) attributes[name] = sampleValue(a);
  }
  const doc: CommandDocument = { type: def.type, attributes };
  const variants = def.variants ? Object.keys(def.variants) : [];
  if (variants.length > 0) doc.variant = variants[0]!;
  return doc;
}

/** The template as the editor shows it. */
export function templateText(def: CommandDef): string {
  return `${JSON.stringify(templateFor(def), null, 2)}\n`;
}

/** The document read back, or why it cannot be sent as it stands. */
export function parseCommandDocument(text: string): { ok: true; doc: CommandDocument } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON yet: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'The command must be a JSON object: { "type": …, "attributes": { … } }' };
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string' || v.type === '') return { ok: false, error: 'Give the command "type" (a string)' };
  const attributes = v.attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return { ok: false, error: '"attributes" must be an object' };
  if (v.variant !== undefined && typeof v.variant !== 'string') return { ok: false, error: '"variant" must be a string' };
  const doc: CommandDocument = { type: v.type, attributes: attributes as Record<string, unknown> };
  if (typeof v.variant === 'string') doc.variant = v.variant;
  return { ok: true, doc };
}
