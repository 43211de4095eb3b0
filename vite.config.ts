import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server renders every page's HTML itself (src/server/modules/web), so the build has a
// script entry instead of an index.html, and a manifest telling the server which files to link.
export default defineConfig({
  root: 'src/web',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    rollupOptions: { input: 'src/web/main.tsx' },
  },
});
