// The web app's i18next instance, over the same shared resources as the server and the command line.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLocale, locales, namespaces, resources, type Locale } from '../../i18n/resources.ts';

const STORAGE_KEY = 'lang';
const ONE_YEAR = 365 * 86_400;

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The language the person chose on this device (localStorage first, then the cookie), if any. */
export function chosenLocale(): Locale | null {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  if (isLocale(stored)) return stored;
  const cookie = readCookie(STORAGE_KEY);
  return isLocale(cookie) ? cookie : null;
}

function remember(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the cookie is enough
  }
  // The server reads this cookie so that its messages come back in the same language.
  document.cookie = `${STORAGE_KEY}=${locale}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
}

const initial = chosenLocale() ?? defaultLocale;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: initial,
  fallbackLng: 'vi',
  supportedLngs: [...locales],
  resources,
  ns: namespaces,
  defaultNS: 'common',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;
// Keep the cookie in step with the stored choice (e.g. after the cookie expired).
if (chosenLocale()) remember(initial);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : defaultLocale;
}

/** Switch language, remember it on this device and tell the server through the `lang` cookie. */
export function setLocale(locale: Locale, persist = true) {
  if (persist) remember(locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}
