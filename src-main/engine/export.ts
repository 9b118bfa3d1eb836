/**
 * Exports of decoded frames: NDJSON, JSON and CSV with the record of `decode-hex` plus time, flow
 * and direction; pcapng with each frame as a packet of a synthesised flow (opens in tshark and
 * Wireshark, which reassemble it). Writers are incremental so a million frames stream out.
 */
import { toHex } from '../../parsers/core/bytes';
import type { DecodedFrame } from '../../parsers/core/types';
import { PcapngMemoryWriter, msToNs } from './pcapng/writer';
import { TcpFlowSynth, udpDatagram, type Endpoint } from './pcapng/synth';
import { splitHostPort } from './address';

export type ExportFormat = 'ndjson' | 'json' | 'csv' | 'pcapng';

export interface ExportFrame {
  /** ms since the epoch. */
  time: number;
  /** `client → server` (device → server). */
  flow: string;
  client: string;
  server: string;
  transport: 'tcp' | 'udp';
  direction: 'up' | 'down';
  protocol: string | null;
  bytes: Uint8Array;
  decoded: DecodedFrame;
  /** Why the bytes are not a whole frame (shown undecoded). */
  undecodedReason?: string;
  /** The device id the flow learnt earlier (frames that do not carry it). */
  deviceId?: string;
}

/** The export record: decode-hex's frame record plus time, flow and direction. */
export function exportRecord(f: ExportFrame) {
  const d = f.decoded;
  return {
    time: new Date(f.time).toISOString(),
    flow: f.flow,
    transport: f.transport,
    direction: f.direction,
    protocol: f.undecodedReason ? null : f.protocol,
    messageType: d.messageType,
    deviceId: d.deviceId ?? f.deviceId ?? null,
    length: f.bytes.length,
    positions: d.positions.map((q) => ({ time: q.time, valid: q.valid, lat: q.lat, lon: q.lon, speedKnots: q.speedKnots ?? null, course: q.course ?? null, altitude: q.altitude ?? null })),
    attributes: d.attributes,
    issues: d.issues.map((i) => ({ id: i.id, severity: i.severity, message: i.message })),
    hex: toHex(f.bytes),
  };
}

const CSV_COLUMNS = ['time', 'flow', 'transport', 'direction', 'protocol', 'messageType', 'deviceId', 'length', 'fixTime', 'valid', 'lat', 'lon', 'speedKnots', 'course', 'altitude', 'issues', 'attributes', 'hex'] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An incremental exporter: `header()`, then `frame()` per frame, then `footer()`; each returns bytes or text to write. */
export interface Exporter {
  header(): string | Uint8Array;
  frame(f: ExportFrame): string | Uint8Array;
  footer(): string | Uint8Array;
}

export function createExporter(format: ExportFormat): Exporter {
  switch (format) {
    case 'ndjson':
      return { header: () => '', frame: (f) => `${JSON.stringify(exportRecord(f))}\n`, footer: () => '' };
    case 'json': {
      let first = true;
      return {
        header: () => '[\n',
        frame: (f) => {
          const s = `${first ? '' : ',\n'}${JSON.stringify(exportRecord(f))}`;
          first = false;
          return s;
        },
        footer: () => (first ? ']\n' : '\n]\n'),
      };
    }
    case 'csv':
      return {
        header: () => `${CSV_COLUMNS.join(',')}\r\n`,
        frame: (f) => {
          const r = exportRecord(f);
          const p = r.positions[0];
          const row = [r.time, r.flow, r.transport, r.direction, r.protocol, r.messageType, r.deviceId, r.length, p?.time, p?.valid, p?.lat, p?.lon, p?.speedKnots, p?.course, p?.altitude, r.issues.map((i) => i.id).join(' '), r.attributes, r.hex];
          return `${row.map(csvCell).join(',')}\r\n`;
        },
        footer: () => '',
      };
    case 'pcapng':
      return pcapngExporter();
  }
}

function pcapngExporter(): Exporter {
  const w = new PcapngMemoryWriter();
  const iface = w.addInterface({ name: 'trackwire-export', description: 'Frames exported from Trackwire (packets synthesised)' });
  const flows = new Map<string, TcpFlowSynth>();
  let lastNs = 0n;
  return {
    header: () => w.take(),
    frame: (f) => {
      const t = msToNs(f.time);
      if (t > lastNs) lastNs = t;
      const client: Endpoint = splitHostPort(f.client);
      const server: Endpoint = splitHostPort(f.server);
      const comment = `${f.protocol ?? 'unknown'} ${f.decoded.messageType}`;
      if (f.transport === 'udp') {
        const [src, dst] = f.direction === 'up' ? [client, server] : [server, client];
        w.writePacket({ interfaceId: iface, timestampNs: t, data: udpDatagram(src, dst, f.bytes, f.direction), comment });
      } else {
        let flow = flows.get(f.flow);
        const packets = [];
        if (!flow) {
          flow = new TcpFlowSynth(client, server);
          flows.set(f.flow, flow);
          packets.push(...flow.open());
        }
        packets.push(...flow.data(f.direction, f.bytes));
        w.writePackets(packets.map((p) => ({ interfaceId: iface, timestampNs: t, data: p.bytes, comment: p.payload ? comment : undefined })));
      }
      return w.take();
    },
    footer: () => {
      for (const flow of flows.values()) w.writePackets(flow.close().map((p) => ({ interfaceId: iface, timestampNs: lastNs, data: p.bytes })));
      flows.clear();
      return w.take();
    },
  };
}
