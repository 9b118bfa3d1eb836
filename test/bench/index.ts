/**
 * `npm run bench`: the benchmarks (not tests; timings on a shared machine are noisy, so results
 * are also given as ratios to a reference run in the same process or command).
 *   decoders  detect + split + decode per protocol, full tree and lean
 *   listener  the simulator with 5,000 TCP devices at one frame per second for 60 s against the
 *             listener in its own process: frames sent and recorded, answers, latency, CPU, memory
 *   capture   a ~1 GB capture through `trackwire decode` against tshark on the same file
 *   ui        a capture of 1,000,000 frames opened in web mode and driven in Chromium: load,
 *             display filters, jump to the last frame, frame times while scrolling, memory; with a
 *             10,000-frame reference run in the same process
 * `--only NAME[,NAME]` runs some; `--frames N`, `--devices N`, `--seconds S`, `--capture-mb M`,
 * `--ui-frames N`, `--ui-reference N` (0: none), `--ui-cap-min M`, `--json FILE` (the ui figures).
 */
import { benchDecoders } from './decoders';
import { benchListener } from './listener';
import { benchCapture } from './capture';
import { benchUi } from './ui';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : ['decoders', 'listener', 'capture', 'ui'];

if (only.includes('decoders')) {
  console.log('== decoders');
  benchDecoders(opt('--frames', 20000));
}
if (only.includes('listener')) {
  console.log('\n== listener');
  await benchListener({ devices: opt('--devices', 5000), seconds: opt('--seconds', 60) });
}
if (only.includes('capture')) {
  console.log('\n== capture');
  await benchCapture({ megabytes: opt('--capture-mb', 1024) });
}
if (only.includes('ui')) {
  console.log('\n== ui');
  await benchUi({
    frames: opt('--ui-frames', 1_000_000),
    reference: opt('--ui-reference', 10_000),
    capMinutes: opt('--ui-cap-min', 15),
    json: args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined,
  });
}
