/**
 * The Admin UI's build: a single-page app bundled into web/dist (every asset local, no CDN), which
 * src/server/static.ts serves at `/`. Pages that need the schema editor (CodeMirror) are split into their
 * own chunks, so the history and audit pages load without it.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev:web` style development: the API runs on its own port (synthdatagen serve).
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
