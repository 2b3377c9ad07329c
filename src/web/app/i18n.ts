/// <reference types="vite/client" />
// The web app's i18next instance, over the same translation files as the server and the command line.
// Only Vietnamese `common` is in the main bundle; every other file (namespace × language) is a chunk of
// its own, loaded when a page that uses it opens (lazyPage in main.tsx) or when the language switches.
import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { bundledNamespace, defaultLocale, locales, type Locale, type Namespace } from '../../i18n/namespaces.ts';
import viCommon from '../../i18n/locales/vi/common.json';
import { interpolation, numberFormatter } from '../../i18n/format.ts';

// Not eager: Vite makes one chunk per file. The bundled one is left out so it is not also a chunk.
const translationFiles = import.meta.glob<object>(
  ['../../i18n/locales/*/*.json', '!../../i18n/locales/vi/common.json'],
  { import: 'default' },
);
const fileOf = (lng: string, ns: string) => `../../i18n/locales/${lng}/${ns}.json`;

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
  let stored: string | null;
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
// The `lang` attribute follows the text: i18next says the language changed once its files are in.
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
/** Resolves once the current language's `common` is in; main.tsx renders after it, so no raw keys show. */
export const i18nReady = i18n
  .use(initReactI18next)
  .use(numberFormatter)
  .use(
    resourcesToBackend((lng: string, ns: string) => {
      const load = translationFiles[fileOf(lng, ns)];
      return load ? load() : Promise.reject(new Error(`no translation file ${lng}/${ns}`));
    }),
  )
  .init({
    lng: initial,
    fallbackLng: 'vi',
    supportedLngs: [...locales],
    resources: { vi: { [bundledNamespace]: viCommon } },
    // The bundled file is used as is; everything else comes from the chunks above.
    partialBundledLanguages: true,
    ns: [bundledNamespace],
    defaultNS: 'common',
    interpolation,
    returnNull: false,
  });
document.documentElement.lang = initial;
tellServer(initial);

/** Loads these namespaces (current language and its fallback) before a page that uses them renders. */
export function loadNamespaces(ns: readonly Namespace[]): Promise<void> {
  return i18n.loadNamespaces([...ns]);
}

/** Switch language, tell the server through the `lang` cookie, and (when chosen) remember it on this device. */
export function setLocale(locale: Locale, persist = true) {
  tellServer(locale);
  if (persist) remember(locale);
  // Loads the new language's files of every namespace in use, then switches (see languageChanged above).
  void i18n.changeLanguage(locale);
}
