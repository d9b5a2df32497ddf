// Builds the editor into editor/dist (served by the server at /). Run by bin/build-editor.js
// on install and by `npm start` when the build is missing or older than its sources.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite --config editor/vite.config.ts` during development: the API runs on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/hooks': 'http://127.0.0.1:3000' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
