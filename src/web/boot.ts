// The entry of the public pages the server sends drawn with their data (src/server/http/web-page.ts): the app
// (index.html's entry, named with its modules in this script's data attributes) is fetched and started once
// that drawing has been painted, so on a slow line the content shows first and the app follows.
const tag = document.querySelector<HTMLScriptElement>('script[data-app]');
let started = false;

function start() {
  if (started || !tag?.dataset.app) return;
  started = true;
  for (const href of (tag.dataset.preload ?? '').split(' ').filter(Boolean)) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
  void import(/* @vite-ignore */ tag.dataset.app);
}

// After two frames (the page is painted, also when a busy machine splits the drawing over two); at once in a
// tab that is not shown, where frames wait.
if (document.visibilityState === 'visible')
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(start, 0)));
else start();
