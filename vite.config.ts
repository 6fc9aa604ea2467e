import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { localeMessages } from './build/locale-messages.js';
import { precompressAssets } from './build/precompress.js';

const projectRoot = path.dirname(fileURLToPath(import.meta.url));
// The app's messages load one language at a time (build/locale-messages.ts); these, before the first render.
const firstViewMessages = path.join(projectRoot, 'web/src/i18n/storefront-messages.ts');
// React's own useSyncExternalStore in place of the pre-18 shim wouter imports (web/src/vendor/).
const reactSyncExternalStore = { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: path.join(projectRoot, 'web/src/vendor/use-sync-external-store-shim.ts') };

// The web app lives in web/; the Fastify server serves its build from dist/web.
export default defineConfig(({ isSsrBuild }) =>
  isSsrBuild
    ? {
        // `vite build --ssr`: the module the server renders the first views with
        // (web/src/entry-server.tsx, loaded by src/http/first-view.ts), with React and every
        // library inside, so the server needs nothing the web app's build needed.
        root: path.join(projectRoot, 'web'),
        plugins: [react(), localeMessages({ firstViewMessages })],
        resolve: { alias: [reactSyncExternalStore] },
        publicDir: false,
        ssr: { noExternal: true },
        // The production React, whatever NODE_ENV the server runs under.
        define: { 'process.env.NODE_ENV': JSON.stringify('production') },
        build: {
          ssr: path.join(projectRoot, 'web/src/entry-server.tsx'),
          outDir: path.join(projectRoot, 'dist/web-ssr'),
          emptyOutDir: true,
          target: 'node20',
          minify: true,
          rolldownOptions: {
            input: path.join(projectRoot, 'web/src/entry-server.tsx'),
            output: { entryFileNames: 'entry-server.js' },
          },
        },
      }
    : {
        root: path.join(projectRoot, 'web'),
        plugins: [react(), localeMessages({ firstViewMessages }), precompressAssets()],
        resolve: { alias: [reactSyncExternalStore] },
        build: {
          outDir: path.join(projectRoot, 'dist/web'),
          emptyOutDir: true,
          // The brand dashboards' chunk carries ECharts (~560 KB, 184 KB gzipped), fetched only by
          // the console page that draws charts; every storefront chunk stays far below this.
          chunkSizeWarningLimit: 600,
          // Which files a page on demand needs: the server renders the configurator and names them in its page (src/http/first-view.ts).
          manifest: true,
          rolldownOptions: {
            output: {
              // Pages load on demand (web/src/routes/lazy-pages.ts). The libraries every page runs on
              // change far less often than the app: in a chunk of their own, a new deployment leaves
              // them in the browser's cache.
              codeSplitting: {
                groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|wouter|regexparam|use-sync-external-store|openapi-fetch)[\\/]/ }],
              },
            },
          },
        },
        server: {
          // `npm run dev` serves the API on :3000; the Vite dev server forwards to it.
          proxy: { '/api': 'http://localhost:3000' },
        },
      },
);
