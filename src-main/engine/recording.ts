/** The engine's record sink over the pcapng Recorder: one file per run. */
import type { RecordSink } from './engine';
import { Recorder } from './recorder';

/** Open the recording of this run in `dir`; problems are reported through `onError`, never thrown. */
export function openRecorder(dir: string, onError: (message: string) => void): RecordSink {
  const rec = new Recorder({ dir, onError });
  return {
    tcpOpen: (key, device, server, t) => void rec.tcpOpen(key, device, server, t),
    tcpData: (key, direction, bytes, t, comment) => void rec.tcpData(key, direction, bytes, t, comment),
    tcpClose: (key, t) => void rec.tcpClose(key, t),
    udp: (device, server, direction, bytes, t, comment) => void rec.udp(device, server, direction, bytes, t, comment),
    status: () => ({ state: rec.state, path: rec.path, message: rec.message, packets: rec.packets, bytes: rec.bytes }),
    close: () => rec.close(),
  };
}
