// Builds the web app (index.html at the root, sources in src/web) into dist/web, which the server serves.
// Next to each text asset it writes .br and .gz copies, so a server with pre-compressed serving
// (@fastify/static `preCompressed: true`) sends a third of the bytes over slow lines.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const outDir = 'dist/web';

function precompress(): Plugin {
  let dir = outDir;
  return {
    name: 'cfc-precompress',
    apply: 'build',
    configResolved(config) {
      dir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (d: string): string[] =>
        readdirSync(d).flatMap((name) => {
          const p = path.join(d, name);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      for (const file of walk(dir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: '.',
  publicDir: false,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // .vite/manifest.json: the server inlines the styles of a public page's chunks (src/server/http/web-page.ts).
    manifest: true,
    // boot.ts: the public pages' entry, which starts the app (main.tsx, index.html's entry) after the first paint.
    rolldownOptions: { input: { index: 'index.html', boot: 'src/web/boot.ts' } },
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
