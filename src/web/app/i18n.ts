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

/** The language the person chose on this device, if they ever used the switch. */
export function chosenLocale(): Locale | null {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  return isLocale(stored) ? stored : null;
}

/** The server reads this cookie, so that its messages come back in the language on screen. */
function tellServer(locale: Locale) {
  document.cookie = `${STORAGE_KEY}=${locale}; path=/; max-age=${ONE_YEAR}; samesite=lax`;
}

function remember(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the cookie is enough
  }
}

const cookieLocale = readCookie(STORAGE_KEY);
const initial = chosenLocale() ?? (isLocale(cookieLocale) ? cookieLocale : defaultLocale);

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
tellServer(initial);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : defaultLocale;
}

/** Switch language, tell the server through the `lang` cookie, and (when chosen) remember it on this device. */
export function setLocale(locale: Locale, persist = true) {
  tellServer(locale);
  if (persist) remember(locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}
