// The web application: a single-page app built by Vite into apps/web/dist, served by the api at `/`.
// JSX goes through Vite's own transformer (oxc) with the automatic runtime: no React plugin needed.
import { defineConfig } from 'vite';

// This folder, whatever the working directory (the build runs from the repository root).
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  // The API's contracts (libs/contracts, zod only): the package's `#contracts` import points at the built
  // server code, the browser takes the sources.
  resolve: { alias: { '#contracts': `${root}../../libs/contracts/src/index.ts` } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; a client bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    // In development the api runs beside Vite (npm start): one origin for the browser, so the cookie works.
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
});
