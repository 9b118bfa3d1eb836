/**
 * Queclink GL200 family (GL200/GL300/GL500, GV200/GV300/GV500/GV600, GMT100, GB100, CV100/CV200…):
 * the @Track protocol in its three wire formats on one port.
 * - ASCII: `+RESP:GTFRI,<protocol version>,<IMEI>,<device name>,…,<send time>,<count>$`,
 *   `+BUFF:` (buffered, same layout), `+ACK:GTxxx,…$` (command acknowledgements; `+ACK:GTHBD`
 *   is the heartbeat); see text.ts.
 * - HEX: `+RSP`/`+EVT`/`+INF`/`+ACK`/`+HBD`/`+CRD`/`+LGN`… with a report mask, CRC-16 and 0d0a;
 *   Protocol Pro: `2B 00 <length>` … CRC-8 `$`; see binary.ts.
 * Spec: Queclink @Track Air Interface Protocol (GL200 V1.02, GL300 V6.00, GV300CAN V12.00,
 * GV500 V1.06); Queclink @Track Protocol Pro (GL601 V10); Traccar's Gl200FrameDecoder,
 * Gl200TextProtocolDecoder and Gl200BinaryProtocolDecoder for layouts checked against the frames
 * of their tests (shared/corpus/frames.jsonl).
 *
 * Answers (respond): the server acknowledgement of the @Track "SACK" mechanism.
 * - `+ACK:GTHBD` heartbeat → `+SACK:GTHBD,<protocol version>,<count>$`, always: the protocol
 *   requires it, and a long-connection device that gets none reconnects.
 * - `+RESP:`/`+BUFF:` report → `+SACK:<count>$`. Devices check it only when SACK is enabled
 *   (AT+GTSRI `<SACK Enable>`), and a device with SACK disabled ignores it; answering always is
 *   what keeps a SACK-enabled device from resending and buffering.
 * - Protocol Pro report → `+SACK:<count as 4 hex>$` (same shape).
 * - No answer to command acknowledgements, HEX frames (no documented HEX SACK), or a sentence
 *   whose count is not 4 hex digits. The count is echoed exactly as the device sent it.
 */
import type { DecodedFrame, DecodeContext, DetectContext, DetectResult, Evidence, ProtocolDescriptor } from '../core/types';
import { collectIssues } from '../core/reader';
import { latin1, luhnValid } from '../core/bytes';
import { scoreEvidence } from '../core/detector';
import { KMH_PER_KNOT } from '../core/units';
import { crc16CcittFalse, crc8Nrsc5 } from '../core/checksum';
import { EVT_TYPES, INF_TYPES, RSP_TYPES, TEXT_TYPES } from './fields';
import { BINARY_HEADERS, classify, frameEnd, kindOf, plain, split } from './frame';
import { decodeText, modelOf, sentenceInfo } from './text';
import { decodeBinary } from './binary';

export { split, plain };

const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

export function detect(b: Uint8Array, _ctx: DetectContext): DetectResult {
  const h = classify(b, 0);
  if (!h || h === 'more') return { score: 0, evidence: [] };
  const end = frameEnd(b, 0, h);
  const frame = typeof end === 'number' ? b.subarray(0, end) : b;
  if (h.kind === 'text') return detectText(b, frame, h.name, typeof end === 'number');
  if (h.kind === 'pro') return detectPro(b, h.name === 'pro-heartbeat');
  return detectBinary(b, h.name);
}

function detectText(b: Uint8Array, frame: Uint8Array, prefix: string, whole: boolean): DetectResult {
  const ev: Evidence[] = [];
  const s = latin1(frame);
  const info = sentenceInfo(frame);
  const gt = /^\+[A-Z]+:GT/.test(s);
  if (prefix === 'SACK') ev.push({ text: '+SACK: server acknowledgement', weight: 0.6 });
  else if (prefix === 'NACK') ev.push({ text: '+NACK: header', weight: 0.5 });
  else ev.push({ text: `header +${prefix}:${gt ? 'GT' : ''}`, weight: gt ? 1 : 0.3 });
  if (info?.type) {
    ev.push(TEXT_TYPES[info.type] ? { text: `known report type GT${info.type} (${TEXT_TYPES[info.type]})`, weight: 0.6 } : { text: `unknown report type GT${info.type}`, weight: -0.2 });
  }
  const end = s.search(/[$\0]/);
  const v = (end >= 0 ? s.slice(0, end) : s).split(',');
  if (prefix !== 'SACK') {
    const f1 = v[1] ?? '';
    if (/^\d{15}$/.test(f1)) ev.push({ text: 'field 1 is an IMEI: GT300/GL100-family field order', weight: -0.2 });
    else if (/^[0-9A-Fa-f]{6}([0-9A-Fa-f]{4})?$/.test(f1)) {
      const model = modelOf(f1);
      ev.push({ text: `protocol version ${f1}${model ? ` (${model})` : ''}`, weight: model ? 0.5 : 0.3 });
    } else if (v.length > 1) ev.push({ text: `field 1 "${f1.slice(0, 12)}" is not a protocol version`, weight: -0.3 });
    const id = /^\d{15}$/.test(f1) ? f1 : v[2] ?? '';
    if (/^\d{15}$/.test(id)) ev.push(luhnValid(id) ? { text: `IMEI ${id} passes Luhn`, weight: 0.6 } : { text: 'unique ID is 15 digits', weight: 0.2 });
    else if (/^[0-9A-Fa-f]{14}$/.test(id)) ev.push({ text: `MEID ${id}`, weight: 0.3 });
  }
  if (whole && end >= 0) {
    ev.push({ text: s[end] === '$' ? 'ends with $' : 'ends with \\0', weight: 0.4 });
    const count = v[v.length - 1] ?? '';
    if (/^[0-9A-Fa-f]{4}$/.test(count)) ev.push({ text: `count number ${count}`, weight: 0.3 });
    if (/^\d{14}$/.test(v[v.length - 2] ?? '')) ev.push({ text: 'send time yyyymmddhhmmss', weight: 0.2 });
  } else if (!whole && b.length >= 4096) ev.push({ text: 'no $ within 4096 bytes', weight: -1 });
  return scoreEvidence(ev);
}

function detectBinary(b: Uint8Array, name: string): DetectResult {
  const ev: Evidence[] = [{ text: `HEX header +${name}`, weight: 0.8 }];
  const spec = BINARY_HEADERS[name]!;
  const offs = name === 'INF' || name === 'BNF' ? [spec.at, spec.at + 2] : [spec.at];
  let len = -1;
  for (const off of offs) {
    if (b.length < off + spec.width) continue;
    const l = spec.width === 1 ? b[off]! : (b[off]! << 8) | b[off + 1]!;
    if (l <= b.length && l >= 16 && b[l - 2] === 0x0d && b[l - 1] === 0x0a) {
      len = l;
      break;
    }
  }
  if (len < 0) {
    ev.push({ text: 'length field does not lead to a 0d0a in the first bytes', weight: 0 });
    return scoreEvidence(ev);
  }
  ev.push({ text: `length ${len} ends at 0d0a`, weight: 1 });
  const crc = (b[len - 4]! << 8) | b[len - 3]!;
  ev.push(crc16CcittFalse(b, 4, len - 4) === crc ? { text: 'CRC-16/CCITT-FALSE ok', weight: 1.5 } : { text: 'CRC-16/CCITT-FALSE mismatch', weight: -0.2 });
  const type = b[4]!;
  const table = name === 'RSP' || name === 'BSP' ? RSP_TYPES : name === 'EVT' || name === 'BVT' ? EVT_TYPES : name === 'INF' || name === 'BNF' ? INF_TYPES : undefined;
  if (table) ev.push(table[type] ? { text: `known message type ${type} (${table[type]})`, weight: 0.3 } : { text: `unknown message type ${type}`, weight: -0.1 });
  return scoreEvidence(ev);
}

function detectPro(b: Uint8Array, heartbeat: boolean): DetectResult {
  const ev: Evidence[] = [{ text: heartbeat ? 'Protocol Pro heartbeat header 2B10' : `Protocol Pro header ${b[0] === 0x2d ? '2D' : '2B'}00`, weight: 0.4 }];
  const len = heartbeat ? b[2] ?? 0 : b.length >= 4 ? (b[2]! << 8) | b[3]! : 0;
  if (len >= 20 && len <= b.length && b[len - 1] === 0x24) {
    ev.push({ text: `length ${len} ends at $`, weight: 1 });
    ev.push(crc8Nrsc5(b, 0, len - 2) === b[len - 2] ? { text: 'CRC-8 ok', weight: 1.5 } : { text: 'CRC-8 mismatch', weight: -0.3 });
    const at = heartbeat ? 3 : b[4]! & 0x80 ? 7 : 5;
    let digits = '';
    for (let i = at; i < at + 8 && i < len; i++) digits += b[i]!.toString(16).padStart(2, '0');
    const imei = digits.replace(/^0/, '');
    if (/^\d{15}$/.test(imei) && luhnValid(imei)) ev.push({ text: `IMEI ${imei} passes Luhn`, weight: 0.5 });
  } else if (len > b.length) ev.push({ text: 'frame incomplete in the first bytes', weight: 0 });
  else ev.push({ text: 'length field does not lead to a $', weight: -0.4 });
  return scoreEvidence(ev);
}

export function decode(frame: Uint8Array, ctx?: DecodeContext): DecodedFrame {
  const out: DecodedFrame = { protocol: 'gl200', messageType: 'unknown', positions: [], attributes: {}, tree: [], issues: [], summary: '' };
  if (kindOf(frame) === 'text') decodeText(frame, out);
  else decodeBinary(frame, out);
  if (!out.deviceId && ctx?.deviceId) out.deviceId = ctx.deviceId;
  out.issues = collectIssues(out.tree);
  out.summary = summarise(out);
  return out;
}

/** The server's `+SACK` for a report or heartbeat (see the module comment), or null. */
export function respond(frame: Uint8Array, _decoded: DecodedFrame): Uint8Array | null {
  const kind = kindOf(frame);
  if (kind === 'pro') {
    if (frame[1] !== 0x00 || frame.length < 24 || frame[frame.length - 1] !== 0x24) return null;
    const count = (frame[frame.length - 4]! << 8) | frame[frame.length - 3]!;
    return ascii(`+SACK:${count.toString(16).toUpperCase().padStart(4, '0')}$`);
  }
  if (kind !== 'text') return null;
  const info = sentenceInfo(frame);
  if (!info || !/^[0-9A-Fa-f]{4}$/.test(info.count)) return null;
  if (info.prefix === 'ACK' && info.code === 'GTHBD') return ascii(`+SACK:GTHBD,${info.version},${info.count}$`);
  if (info.prefix === 'RESP' || info.prefix === 'BUFF') return ascii(`+SACK:${info.count}$`);
  return null;
}

function summarise(d: DecodedFrame): string {
  const p = d.positions[d.positions.length - 1];
  const more = d.positions.length > 1 ? ` (+${d.positions.length - 1} more)` : '';
  const code = d.messageCode ?? '';
  if (p) return `${code} ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)} ${Math.round((p.speedKnots ?? 0) * KMH_PER_KNOT)} km/h${p.valid ? '' : ' (no fix)'}${more}`.trim();
  const what = code && !d.messageType.includes(code) ? `${code} ${d.messageType}` : d.messageType;
  if (typeof d.attributes.alarm === 'string') return `${what}: alarm ${d.attributes.alarm}`;
  return d.deviceId ? `${what}, IMEI ${d.deviceId}` : what;
}

export const gl200: ProtocolDescriptor = {
  id: 'gl200',
  name: 'Queclink GL200 (@Track)',
  transports: ['tcp', 'udp'],
  defaultPort: 5004,
  detect,
  split,
  decode,
  respond,
  plain,
};
