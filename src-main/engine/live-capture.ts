/**
 * Live capture with `cap` (libpcap, an optional dependency): packets from an interface and a BPF
 * filter go through the same reassembly, detection and decoding as capture files, timestamped
 * at arrival (cap's packet event carries no time). A missing module, library or permission
 * gives a message that says how to fix it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { CapturePipeline, type CaptureFrame, type LoadSummary } from './capture/loader';
import { UserError } from './errors';

/** libpcap's link-type names (as cap reports them) → LINKTYPE_* numbers. */
const LINK_TYPES: Record<string, number> = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LOOP: 108, LINUX_SLL2: 276, IPV4: 228, IPV6: 229 };

const FIX_LIBRARY = "Live capture needs the optional 'cap' module built against libpcap: run `sudo apt-get install libpcap-dev` (macOS has libpcap; Windows needs Npcap), then `npm install cap`";
const FIX_PERMISSION = 'Capturing needs privileges: run Trackwire as root, or allow node once with `sudo setcap cap_net_raw,cap_net_admin=eip "$(readlink -f "$(which node)")"`';

interface CapDevice {
  name: string;
  description?: string;
  addresses?: Array<{ addr?: string }>;
  flags?: string;
}

interface CapModule {
  Cap: {
    new (): {
      open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
      setMinBytes?(n: number): void;
      on(ev: 'packet', fn: (nbytes: number, truncated: boolean) => void): void;
      close(): void;
    };
    deviceList(): CapDevice[];
  };
}

let loaded: CapModule | Error | undefined;

/** The cap module, or a UserError saying how to get it. */
function capModule(): CapModule {
  if (loaded === undefined) {
    try {
      // Resolved beside the bundle (dist-main/) where there is one, else from the project (tests).
      const base = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'package.json');
      loaded = createRequire(base)('cap') as CapModule;
    } catch (e) {
      loaded = e as Error;
    }
  }
  if (loaded instanceof Error) throw new UserError(`${FIX_LIBRARY} (${loaded.message.split('\n')[0]})`);
  return loaded;
}

export interface InterfaceInfo {
  name: string;
  description: string;
  addresses: string[];
}

/** Interfaces libpcap can capture on. */
export function listInterfaces(): InterfaceInfo[] {
  return capModule()
    .Cap.deviceList()
    .map((d) => ({ name: d.name, description: d.description ?? '', addresses: (d.addresses ?? []).map((a) => a.addr ?? '').filter(Boolean) }));
}

export interface LiveCaptureOptions {
  device: string;
  /** BPF filter, e.g. `tcp port 5023` (empty: everything). */
  filter?: string;
  /** Decode every flow as this protocol instead of detecting. */
  protocol?: string;
  onFrame: (f: CaptureFrame) => void;
}

/** A running live capture; `stop()` flushes every flow and returns the summary. */
export class LiveCapture {
  private cap: InstanceType<CapModule['Cap']>;
  private pipeline: CapturePipeline;
  private buffer = Buffer.alloc(65535 + 64);
  private index = 0;
  readonly linkType: number;
  private stopped = false;
  private tick: NodeJS.Timeout | undefined;

  constructor(opts: LiveCaptureOptions) {
    const { Cap } = capModule();
    const known = Cap.deviceList().map((d) => d.name);
    if (!known.includes(opts.device)) throw new UserError(`cannot capture on ${opts.device}: no such interface; available: ${known.join(', ')}`);
    this.pipeline = new CapturePipeline({ protocol: opts.protocol, onFrame: opts.onFrame });
    this.cap = new Cap();
    let linkName: string;
    try {
      linkName = this.cap.open(opts.device, opts.filter ?? '', 10 * 1024 * 1024, this.buffer);
    } catch (e) {
      const msg = (e as Error).message;
      if (/permission|not permitted|EPERM|socket: Operation/i.test(msg)) throw new UserError(`cannot capture on ${opts.device}: ${msg}. ${FIX_PERMISSION}`);
      if (opts.filter) throw new UserError(`the capture filter '${opts.filter}' is not valid BPF: ${msg}`);
      throw new UserError(`cannot capture on ${opts.device}: ${msg} (see trackwire's interface list)`);
    }
    const lt = LINK_TYPES[linkName];
    if (lt === undefined) {
      this.cap.close();
      throw new UserError(`${opts.device} has link type ${linkName}, which Trackwire does not read (Ethernet, Linux cooked, raw IP, loopback)`);
    }
    this.linkType = lt;
    this.cap.setMinBytes?.(0);
    this.cap.on('packet', (nbytes) => {
      if (this.stopped) return;
      const timeNs = BigInt(Date.now()) * 1_000_000n;
      this.pipeline.pushRecord({ index: ++this.index, fileOffset: 0, timeNs, interfaceId: 0, linkType: lt, data: this.buffer.subarray(0, nbytes), origLen: nbytes });
    });
    // Capture time only moves with packets: a quiet link still lets held frames out.
    this.tick = setInterval(() => this.pipeline.advance(BigInt(Date.now()) * 1_000_000n), 100);
    this.tick.unref();
  }

  /** Packets seen so far. */
  get packets(): number {
    return this.index;
  }

  stop(): LoadSummary {
    if (!this.stopped) {
      this.stopped = true;
      clearInterval(this.tick);
      this.cap.close();
    }
    return this.pipeline.end();
  }
}
