import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The config is run from the repo root (`npm run build:web`), so paths are
// anchored to this file rather than to the working directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiServer = 'http://localhost:8080';

/** Paths the Tsunagu server answers; everything else is the web app. */
const serverPaths = ['/api', '/docs', '/.well-known', '/healthz', '/readyz', '/metrics', '/openapi.json'];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: Object.fromEntries(serverPaths.map((path) => [path, { target: apiServer, changeOrigin: false }])),
  },
});
