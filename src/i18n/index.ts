// One i18next setup for the server and the command line, every namespace loaded synchronously; the web app
// loads the same files per page (src/web/app/i18n.ts). Both follow the list in namespaces.ts.
import i18next, { type TFunction } from 'i18next';
import { interpolation, numberFormatter } from './format.ts';
import { defaultLocale, namespaces, resources, type Locale } from './resources.ts';

export * from './resources.ts';
export * from './format.ts';

const instances = new Map<Locale, TFunction>();

/** A translate function for one locale (instances are created once and reused). */
export function translator(locale: Locale = defaultLocale): TFunction {
  let t = instances.get(locale);
  if (!t) {
    const instance = i18next.createInstance().use(numberFormatter);
    void instance.init({
      lng: locale,
      fallbackLng: 'vi',
      resources,
      ns: namespaces,
      defaultNS: 'common',
      initAsync: false,
      interpolation,
    });
    t = instance.t;
    instances.set(locale, t);
  }
  return t;
}
