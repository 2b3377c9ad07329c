// The service worker (issue 21): keeps the app's shell (index.html, every JS and CSS chunk, the icons) so that the app
// opens without a connection, and nothing else. API answers never pass through it: the register's data lives in the
// encrypted vault (src/web/app/offline/vault.ts) and a public page gets the shell only. The build writes the list of
// files and its version in place of __PRECACHE__ (vite.config.ts), so a new build replaces the old cache.

interface SwExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
  request: Request;
  respondWith(answer: Response | Promise<Response>): void;
}
interface SwScope {
  location: Location;
  addEventListener(type: 'install' | 'activate', listener: (event: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

declare const self: SwScope;
declare const __PRECACHE__: { version: string; urls: string[] };

const PREFIX = 'cfc-shell-';
const CACHE = `${PREFIX}${__PRECACHE__.version}`;
const SHELL = '/index.html';
const precached = new Set(__PRECACHE__.urls);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: straight from the server, never a stale HTTP-cached copy of index.html.
      .then((cache) => cache.addAll(__PRECACHE__.urls.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

const fromCache = (path: string) => caches.open(CACHE).then((cache) => cache.match(path));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The network first (a page may carry fresh inlined data); without it, the shell, which routes on the device.
    event.respondWith(fetch(request).catch(() => fromCache(SHELL).then((shell) => shell ?? Response.error())));
    return;
  }
  if (precached.has(url.pathname)) event.respondWith(fromCache(url.pathname).then((kept) => kept ?? fetch(request)));
});
