import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressAssets } from './build/precompress.js';

const projectRoot = path.dirname(fileURLToPath(import.meta.url));

// The web app lives in web/; the Fastify server serves its build from dist/web.
export default defineConfig({
  root: path.join(projectRoot, 'web'),
  plugins: [react(), precompressAssets()],
  build: {
    outDir: path.join(projectRoot, 'dist/web'),
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` serves the API on :3000; the Vite dev server forwards to it.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
