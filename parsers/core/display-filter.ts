/**
 * The display-filter language (issue 7), Wireshark-like and pure: no Node, no DOM, so the
 * renderer validates as the user types and the engine filters with the same code.
 *
 *   filter     := or?
 *   or         := and (('||' | 'or') and)*
 *   and        := unary (('&&' | 'and') unary)*
 *   unary      := ('!' | 'not') unary | '(' or ')' | FIELD (OP VALUE)?
 *   OP         := '==' | '!=' | '>' | '<' | '>=' | '<=' | 'contains' | 'matches'
 *   VALUE      := number (12, -3.5, 0x1f) | "string" (\" \\ \n \r \t \xHH) | bare word | true | false
 *
 * A bare FIELD tests presence. A field present several times (tree ids, positions, issues)
 * compares true when ANY occurrence does; `!=` is true when the field is present and NO
 * occurrence equals (so `a != x` is `a && !(a == x)`, as in Wireshark); an absent field
 * fails every comparison. `contains` ignores case; `matches` is a JavaScript regex, made
 * case-insensitive by a leading `(?i)`.
 */
import type { DecodedFrame, FieldNode, FieldValue, IssueGroup } from './types';
import type { FieldDef } from './fields';

/** What a filter sees of one frame: the index record, plus the decoded frame when there is one. */
export interface FilterInput {
  protocol: string | null;
  messageType: string;
  deviceId: string | null;
  direction: 'up' | 'down';
  transport: 'tcp' | 'udp';
  length: number;
  sessionId?: string;
  source?: string;
  decoded?: DecodedFrame;
}

export interface CompiledFilter {
  /** The filter text as given. */
  readonly text: string;
  test(record: FilterInput): boolean;
}

export type ParseResult =
  | { ok: true; filter: CompiledFilter; needsTree: boolean }
  | { ok: false; error: string; at: number };

type Scalar = string | number | boolean;
/** The values a field has on one record; `null` when the field is absent. */
type Getter = (r: FilterInput) => Scalar[] | null;

const FRAME_FIELDS: Record<string, Getter> = {
  protocol: (r) => (r.protocol == null ? null : [r.protocol]),
  type: (r) => [r.messageType],
  deviceId: (r) => (r.deviceId == null ? null : [r.deviceId]),
  direction: (r) => [r.direction],
  transport: (r) => [r.transport],
  length: (r) => [r.length],
  session: (r) => (r.sessionId == null ? null : [r.sessionId]),
  source: (r) => (r.source == null ? null : [r.source]),
};

const KNOTS_TO_KMH = 1.852;
const POSITION_FIELDS: Record<string, (p: DecodedFrame['positions'][number]) => Scalar | undefined> = {
  lat: (p) => p.lat,
  lon: (p) => p.lon,
  speed: (p) => (p.speedKnots === undefined ? undefined : p.speedKnots * KNOTS_TO_KMH),
  speedKnots: (p) => p.speedKnots,
  valid: (p) => p.valid,
  time: (p) => p.time,
  course: (p) => p.course,
  altitude: (p) => p.altitude,
  satellites: (p) => p.satellites,
};

const ISSUE_GROUPS: readonly IssueGroup[] = ['malformed', 'checksum', 'protocol', 'undecoded', 'lint'];
/** An issue id after `issue.` (`issue.lint.zero_position`, `issue.gt06.checksum_incorrect`): presence of that issue. */
const ISSUE_ID = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;

/** The fixed field names, for autocompletion (tree ids come from the protocols' field tables). */
export function filterFieldNames(): string[] {
  return [
    ...Object.keys(FRAME_FIELDS),
    'position',
    ...Object.keys(POSITION_FIELDS).map((k) => `position.${k}`),
    'issue',
    ...ISSUE_GROUPS.map((g) => `issue.${g}`),
    'issue.id',
    'issue.severity',
    'attr.',
  ];
}

/** Every field id of some protocols' field tables, sorted and without repeats. */
export function collectFieldIds(tables: Iterable<Readonly<Record<string, FieldDef>>>): string[] {
  const ids = new Set<string>();
  for (const t of tables) for (const def of Object.values(t)) ids.add(def.id);
  return [...ids].sort();
}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokKind = 'word' | 'string' | 'op' | '(' | ')' | '!' | '&&' | '||' | 'end';
interface Token {
  kind: TokKind;
  /** Source text (for a string: the unescaped contents). */
  text: string;
  at: number;
}

class FilterError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const WORD = /[A-Za-z0-9_.:\-]/;
const COMPARISON_OPS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '(' || c === ')') {
      out.push({ kind: c, text: c, at });
      i++;
    } else if (c === '&' || c === '|') {
      if (src[i + 1] !== c) throw new FilterError(`unknown operator '${c}' (write '${c}${c}') at ${at}`, at);
      out.push({ kind: c === '&' ? '&&' : '||', text: c + c, at });
      i += 2;
    } else if ('=!<>~'.includes(c)) {
      let j = i + 1;
      while (j < src.length && '=!<>~'.includes(src[j]!)) j++;
      let op = src.slice(i, j);
      // A `!` that does not start `!=` is a negation of its own (`!!a`, `!(a)`, `!<` is `!` then `<`).
      if (c === '!' && !op.startsWith('!=')) op = '!';
      if (op === '!') out.push({ kind: '!', text: op, at });
      else if (COMPARISON_OPS.has(op)) out.push({ kind: 'op', text: op, at });
      else {
        const hint = op === '=' ? " (did you mean '=='?)" : '';
        throw new FilterError(`unknown operator '${op}'${hint} at ${at}`, at);
      }
      i += op.length;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) throw new FilterError(`unterminated string starting at ${at}`, at);
        const d = src[j]!;
        if (d === '"') break;
        if (d === '\\') {
          const e = src[j + 1];
          if (e === undefined) throw new FilterError(`unterminated string starting at ${at}`, at);
          const plain = own(ESCAPES, e);
          if (plain !== undefined) {
            text += plain;
            j += 2;
          } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(j + 2, j + 4))) {
            text += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16));
            j += 4;
          } else {
            // Unknown escapes keep their backslash, so `matches "\d+"` reads as the regex it looks like.
            text += d + e;
            j += 2;
          }
          continue;
        }
        text += d;
        j++;
      }
      out.push({ kind: 'string', text, at });
      i = j + 1;
    } else if (WORD.test(c)) {
      let j = i + 1;
      while (j < src.length && WORD.test(src[j]!)) j++;
      out.push({ kind: 'word', text: src.slice(i, j), at });
      i = j;
    } else {
      throw new FilterError(`unexpected character '${c}' at ${at}`, at);
    }
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fields

interface FieldRef {
  get: Getter;
  needsTree: boolean;
  /** Values of this field are always numbers: a comparison needs a numeric value. */
  numeric?: boolean;
  boolean?: boolean;
  /** A presence test only (`position`, `issue`): no value to compare. */
  presenceOnly?: boolean;
}

const TREE_ID = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/;
const treeIndex = new WeakMap<DecodedFrame, Map<string, FieldNode[]>>();

/** Nodes of a decoded frame by id, built once per frame. */
function nodesById(d: DecodedFrame): Map<string, FieldNode[]> {
  let m = treeIndex.get(d);
  if (!m) {
    const idx = new Map<string, FieldNode[]>();
    const visit = (nodes: readonly FieldNode[]): void => {
      for (const n of nodes) {
        const list = idx.get(n.id);
        if (list) list.push(n);
        else idx.set(n.id, [n]);
        if (n.children) visit(n.children);
      }
    };
    visit(d.tree);
    treeIndex.set(d, (m = idx));
  }
  return m;
}

const present = (v: FieldValue | undefined): v is Scalar => v !== null && v !== undefined;
/** An own entry only: user text must never reach `__proto__`, `constructor` and friends. */
const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/** Resolve a field name; a FilterError names what the name could have been. */
function resolveField(name: string, at: number): FieldRef {
  const frame = own(FRAME_FIELDS, name);
  if (frame) return { get: frame, needsTree: false, numeric: name === 'length' };
  const [head, ...rest] = name.split('.');
  const tail = rest.join('.');
  if (head === 'position') {
    if (!tail) return { get: (r) => (r.decoded?.positions.length ? [] : null), needsTree: true, presenceOnly: true };
    const pick = own(POSITION_FIELDS, tail);
    if (!pick) {
      throw new FilterError(`unknown field '${name}' at ${at}: position has ${Object.keys(POSITION_FIELDS).join(', ')}`, at);
    }
    return {
      get: (r) => {
        const vs = (r.decoded?.positions ?? []).map(pick).filter(present);
        return vs.length ? vs : null;
      },
      needsTree: true,
      numeric: !['valid', 'time'].includes(tail),
      boolean: tail === 'valid',
    };
  }
  if (head === 'issue') {
    const issues = (r: FilterInput) => r.decoded?.issues ?? [];
    if (!tail) return { get: (r) => (issues(r).length ? [] : null), needsTree: true, presenceOnly: true };
    if ((ISSUE_GROUPS as readonly string[]).includes(tail)) {
      return {
        get: (r) => {
          const ids = issues(r).filter((i) => i.group === tail).map((i) => i.id);
          return ids.length ? ids : null;
        },
        needsTree: true,
      };
    }
    if (tail === 'id' || tail === 'severity') {
      return {
        get: (r) => (issues(r).length ? issues(r).map((i) => i[tail]) : null),
        needsTree: true,
      };
    }
    if (ISSUE_ID.test(tail)) return { get: (r) => (issues(r).some((i) => i.id === tail) ? [] : null), needsTree: true, presenceOnly: true };
    throw new FilterError(`unknown field '${name}' at ${at}: issue has ${[...ISSUE_GROUPS, 'id', 'severity'].join(', ')} or an issue id (issue.lint.zero_position)`, at);
  }
  if (head === 'attr') {
    if (!tail) throw new FilterError(`expected an attribute name after 'attr.' at ${at + name.length}`, at + name.length);
    return {
      get: (r) => {
        const v = r.decoded ? own(r.decoded.attributes, tail) : undefined;
        return present(v) ? [v] : null;
      },
      needsTree: true,
    };
  }
  if (TREE_ID.test(name)) {
    return {
      get: (r) => {
        const nodes = r.decoded ? nodesById(r.decoded).get(name) : undefined;
        return nodes ? nodes.map((n) => n.value).filter(present) : null;
      },
      needsTree: true,
    };
  }
  throw new FilterError(
    `unknown field '${name}' at ${at}: expected ${Object.keys(FRAME_FIELDS).join(', ')}, position.*, issue.*, attr.* or a field id such as gt06.login.imei`,
    at,
  );
}

// ---------------------------------------------------------------------------------------------
// Values and comparisons

interface Literal {
  text: string;
  num?: number;
  bool?: boolean;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const HEX_NUMBER = /^0x[0-9a-f]+$/i;

function literal(tok: Token): Literal {
  const text = tok.text;
  const num = NUMBER.test(text) || HEX_NUMBER.test(text) ? Number(text) : undefined;
  if (tok.kind === 'string') return { text, num };
  if (text === 'true' || text === 'false') return { text, bool: text === 'true', num: text === 'true' ? 1 : 0 };
  return { text, num };
}

type Pred = (r: FilterInput) => boolean;

function order(op: string, a: number | string, b: number | string): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    default:
      return a <= b;
  }
}

/** Does one value of a field equal the literal? */
function equals(v: Scalar, lit: Literal): boolean {
  if (typeof v === 'number') return lit.num !== undefined && v === lit.num;
  if (typeof v === 'boolean') return lit.bool !== undefined ? v === lit.bool : lit.num !== undefined && Number(v) === lit.num;
  return v === lit.text;
}

function compileComparison(field: FieldRef, op: string, lit: Literal, regex: RegExp | null): Pred {
  let one: (v: Scalar) => boolean;
  if (op === 'contains') {
    const needle = lit.text.toLowerCase();
    one = (v) => String(v).toLowerCase().includes(needle);
  } else if (op === 'matches') {
    const re = regex!;
    one = (v) => re.test(String(v));
  } else if (op === '==' || op === '!=') {
    one = (v) => equals(v, lit);
  } else {
    one = (v) => {
      if (typeof v === 'number') return lit.num !== undefined && order(op, v, lit.num);
      if (typeof v === 'string') {
        const n = Number(v);
        if (lit.num !== undefined && v.trim() !== '' && !Number.isNaN(n)) return order(op, n, lit.num);
        return order(op, v, lit.text);
      }
      return lit.num !== undefined && order(op, Number(v), lit.num);
    };
  }
  if (op === '!=') {
    return (r) => {
      const vs = field.get(r);
      return vs !== null && !vs.some(one);
    };
  }
  return (r) => {
    const vs = field.get(r);
    return vs !== null && vs.some(one);
  };
}

// ---------------------------------------------------------------------------------------------
// Parser

const describe = (t: Token): string => (t.kind === 'end' ? 'end of filter' : t.kind === 'string' ? `"${t.text}"` : `'${t.text}'`);
const isWord = (t: Token, ...words: string[]): boolean => t.kind === 'word' && words.includes(t.text.toLowerCase());

class Parser {
  private i = 0;
  needsTree = false;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }

  parse(): Pred {
    const p = this.or();
    const t = this.peek();
    if (t.kind !== 'end') {
      const what = t.kind === ')' ? "unexpected ')' with no '(' to close" : `expected '&&', '||' or end of filter, found ${describe(t)}`;
      throw new FilterError(`${what} at ${t.at}`, t.at);
    }
    return p;
  }

  private or(): Pred {
    const parts = [this.and()];
    while (this.peek().kind === '||' || isWord(this.peek(), 'or')) {
      const op = this.next();
      parts.push(this.and(op));
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
  }

  private and(after?: Token): Pred {
    const parts = [this.unary(after)];
    while (this.peek().kind === '&&' || isWord(this.peek(), 'and')) {
      const op = this.next();
      parts.push(this.unary(op));
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
  }

  /** `after` is the token before this operand, named in the error when the operand is missing. */
  private unary(after?: Token): Pred {
    const t = this.peek();
    if (t.kind === '!' || isWord(t, 'not')) {
      this.next();
      const inner = this.unary(t);
      return (r) => !inner(r);
    }
    if (t.kind === '(') {
      this.next();
      const inner = this.or();
      const close = this.peek();
      if (close.kind !== ')') {
        throw new FilterError(`expected ')' to close the '(' at ${t.at}, found ${describe(close)} at ${close.at}`, close.at);
      }
      this.next();
      return inner;
    }
    if (t.kind === 'word' && !isWord(t, 'and', 'or', 'contains', 'matches')) {
      this.next();
      return this.comparison(t);
    }
    const where = after ? `after '${after.text}'` : 'at the start';
    throw new FilterError(`expected a field, '!' or '(' ${where}, found ${describe(t)} at ${t.at}`, t.at);
  }

  private comparison(name: Token): Pred {
    const field = resolveField(name.text, name.at);
    if (field.needsTree) this.needsTree = true;
    const opTok = this.peek();
    let op: string;
    if (opTok.kind === 'op') op = opTok.text;
    else if (isWord(opTok, 'contains', 'matches')) op = opTok.text.toLowerCase();
    else if (opTok.kind === 'word' && !isWord(opTok, 'and', 'or')) {
      throw new FilterError(
        `unknown operator '${opTok.text}' after '${name.text}' at ${opTok.at}: expected ==, !=, >, <, >=, <=, contains or matches`,
        opTok.at,
      );
    } else {
      return (r) => field.get(r) !== null;
    }
    if (field.presenceOnly) {
      throw new FilterError(`'${name.text}' is a presence test and takes no '${op}' at ${opTok.at}: compare one of its fields, e.g. ${name.text === 'issue' ? 'issue.id' : 'position.lat'}`, opTok.at);
    }
    this.next();
    const v = this.peek();
    if (v.kind !== 'word' && v.kind !== 'string') {
      throw new FilterError(`expected a value after '${op}' at ${v.at}, found ${describe(v)}`, v.at);
    }
    this.next();
    const lit = literal(v);
    if (field.numeric && COMPARISON_OPS.has(op) && lit.num === undefined) {
      throw new FilterError(`expected a number after '${op}' at ${v.at}: '${name.text}' is numeric, found ${describe(v)}`, v.at);
    }
    if (field.boolean && COMPARISON_OPS.has(op) && lit.bool === undefined) {
      throw new FilterError(`expected true or false after '${op}' at ${v.at}, found ${describe(v)}`, v.at);
    }
    let regex: RegExp | null = null;
    if (op === 'matches') {
      const ci = lit.text.startsWith('(?i)');
      try {
        regex = new RegExp(ci ? lit.text.slice(4) : lit.text, ci ? 'i' : '');
      } catch (e) {
        throw new FilterError(`invalid regular expression after 'matches' at ${v.at}: ${(e as Error).message}`, v.at);
      }
    }
    return compileComparison(field, op, lit, regex);
  }
}

/** Parse and compile a display filter. Never throws; an empty filter matches every frame. */
export function parseFilter(text: string): ParseResult {
  try {
    const toks = lex(text);
    if (toks.length === 1) return { ok: true, filter: { text, test: () => true }, needsTree: false };
    const parser = new Parser(toks);
    const pred = parser.parse();
    return { ok: true, filter: { text, test: pred }, needsTree: parser.needsTree };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message, at: e.at };
    // A bug, not the user's: still never throw at the caller (the renderer validates per keystroke).
    return { ok: false, error: `cannot read the filter: ${e instanceof Error ? e.message : String(e)}`, at: 0 };
  }
}
