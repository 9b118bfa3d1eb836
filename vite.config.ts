/**
 * Renderer build: `src-renderer/` → `dist-renderer/`, loaded by Electron from file:// and by the
 * web server over HTTP, hence the relative `base`. Tests are configured in vitest.config.ts.
 */
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * Dev server only: React Fast Refresh injects an inline module script, which the strict CSP in
 * index.html forbids. Production builds keep `script-src 'self'` untouched.
 */
function devCspForFastRefresh(): Plugin {
  return {
    name: 'trackwire:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), devCspForFastRefresh()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    // Monaco (about 4 MB) is its own chunk, loaded only when the command composer opens.
    chunkSizeWarningLimit: 5000,
  },
});
