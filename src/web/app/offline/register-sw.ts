// Installs the service worker (src/web/sw.ts, built to /sw.js): the shell then opens without a connection. Under the
// Vite dev server there is no /sw.js and the registration fails quietly.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
