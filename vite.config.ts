// Builds the web app (index.html at the root, sources in src/web) into dist/web, which the server serves.
// Next to each text asset it writes .br and .gz copies, so a server with pre-compressed serving
// (@fastify/static `preCompressed: true`) sends a third of the bytes over slow lines.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
      // Also called when the build failed: with nothing written, stay out of the way of the build's own error.
      if (!existsSync(dir)) return;
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

const iconsDir = 'src/web/app/offline/icons';

/** The web app manifest: what a phone shows when the app is installed (issue 21). */
const webManifest = {
  name: 'Xã, phường phù hợp với trẻ em',
  short_name: 'Xã phù hợp trẻ em',
  description: 'Đánh giá, công nhận xã, phường phù hợp với trẻ em; sổ theo dõi trẻ em dùng được khi mất mạng.',
  lang: 'vi',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#0b5394',
  icons: [
    { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
    { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

/**
 * The installable app (issue 21): writes manifest.webmanifest and the icons, and fills the service worker's
 * __PRECACHE__ with every file of the build (shell, chunks, styles, icons) and a version that changes with them.
 */
function offlineShell(): Plugin {
  return {
    name: 'cfc-offline-shell',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const emitted = ['manifest.webmanifest', ...readdirSync(iconsDir).map((name) => `icons/${name}`)];
      this.emitFile({ type: 'asset', fileName: emitted[0], source: JSON.stringify(webManifest, null, 2) });
      for (const name of emitted.slice(1))
        this.emitFile({
          type: 'asset',
          fileName: name,
          source: readFileSync(path.join(iconsDir, path.basename(name))),
        });
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('the service worker (src/web/sw.ts → sw.js) is missing');
      const urls = [
        ...new Set([
          '/index.html',
          ...emitted.map((f) => `/${f}`),
          ...Object.keys(bundle)
            .filter((f) => f !== 'sw.js' && !f.startsWith('.vite/') && !f.endsWith('.html'))
            .map((f) => `/${f}`),
        ]),
      ].sort();
      // index.html keeps its name: its bytes count too, so a changed shell makes a new cache.
      const html = bundle['index.html'];
      const version = createHash('sha256')
        .update(urls.join('\n'))
        .update(html?.type === 'asset' ? String(html.source) : '')
        .digest('hex')
        .slice(0, 16);
      sw.code = sw.code.replace(/\b__PRECACHE__\b/g, JSON.stringify({ version, urls }));
    },
  };
}

export default defineConfig({
  root: '.',
  publicDir: false,
  plugins: [react(), offlineShell(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // .vite/manifest.json: the server inlines the styles of a public page's chunks (src/server/http/web-page.ts).
    manifest: true,
    // boot.ts: the public pages' entry, which starts the app (main.tsx, index.html's entry) after the first paint.
    // sw: the service worker, at the site's root (its scope) under a fixed name (src/web/sw.ts).
    rolldownOptions: {
      input: { index: 'index.html', boot: 'src/web/boot.ts', sw: 'src/web/sw.ts' },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
