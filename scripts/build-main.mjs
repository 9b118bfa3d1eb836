// Bundles the main-process code: CLI, Electron main and preload (sandboxed preloads must be one file).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'cap', 'bufferutil', 'utf-8-validate'],
};

await Promise.all([
  build({ ...common, entryPoints: ['src-main/cli/bin.ts'], outfile: 'dist-main/cli.cjs' }),
  build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist-main/electron-main.cjs' }),
  build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist-main/preload.cjs', platform: 'browser', target: 'chrome130' }),
]);
