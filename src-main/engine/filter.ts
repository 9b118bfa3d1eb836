/**
 * A small frame filter for the CLI and exports until the display-filter language (issue 7):
 * `field op value` terms joined by `&&` and `||` (`&&` binds tighter), `!` before a term negates.
 * Fields: protocol, type, device, direction, transport, flow, issues (count), severity, summary.
 * Operators: `==`, `!=`, `contains`, and `>` `<` `>=` `<=` for `issues`.
 */
import { UserError } from './errors';

export interface FilterRecord {
  protocol: string | null;
  messageType: string;
  deviceId: string | null;
  direction: 'up' | 'down';
  transport: 'tcp' | 'udp';
  flow?: string;
  issueCount: number;
  severity: string | null;
  summary?: string;
}

export type FramePredicate = (r: FilterRecord) => boolean;

const FIELDS: Record<string, (r: FilterRecord) => string | number | null | undefined> = {
  protocol: (r) => r.protocol,
  type: (r) => r.messageType,
  device: (r) => r.deviceId,
  direction: (r) => r.direction,
  transport: (r) => r.transport,
  flow: (r) => r.flow,
  issues: (r) => r.issueCount,
  severity: (r) => r.severity,
  summary: (r) => r.summary,
};

/** Compile a filter expression; a UserError names what is wrong and where. */
export function compileFilter(text: string): FramePredicate {
  const src = text.trim();
  if (!src) return () => true;
  const ors = src.split('||').map((part) =>
    part.split('&&').map((term) => compileTerm(term.trim(), text)),
  );
  return (r) => ors.some((ands) => ands.every((t) => t(r)));
}

function compileTerm(term: string, whole: string): FramePredicate {
  const neg = term.startsWith('!');
  const body = neg ? term.slice(1).trim() : term;
  const m = /^([a-z]+)\s*(==|!=|>=|<=|>|<|\bcontains\b)\s*(.+)$/.exec(body);
  if (!m) throw new UserError(`cannot read the filter term '${term}' in '${whole}': write FIELD OP VALUE, e.g. protocol==gt06 && type==login`);
  const [, field, op, raw] = m;
  const get = FIELDS[field!];
  if (!get) throw new UserError(`unknown filter field '${field}'; known: ${Object.keys(FIELDS).join(', ')}`);
  const value = raw!.trim().replace(/^"(.*)"$/, '$1');
  const numeric = field === 'issues';
  if (numeric && !/^\d+$/.test(value)) throw new UserError(`'${field}' compares with a number, got '${value}'`);
  if (!numeric && /[<>]/.test(op!)) throw new UserError(`'${op}' compares numbers; '${field}' is text`);
  const n = Number(value);
  const test: FramePredicate = (r) => {
    const v = get(r);
    switch (op) {
      case '==':
        return numeric ? v === n : String(v ?? '') === value;
      case '!=':
        return numeric ? v !== n : String(v ?? '') !== value;
      case 'contains':
        return String(v ?? '').toLowerCase().includes(value.toLowerCase());
      case '>':
        return (v as number) > n;
      case '<':
        return (v as number) < n;
      case '>=':
        return (v as number) >= n;
      default:
        return (v as number) <= n;
    }
  };
  return neg ? (r) => !test(r) : test;
}
