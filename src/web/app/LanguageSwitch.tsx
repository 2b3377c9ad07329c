// Tiếng Việt / English: remembered in localStorage and the `lang` cookie the server reads.
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../i18n/namespaces.ts';
import { setLocale } from './i18n.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('common:language.label')}>
      {locales.map((l: Locale) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={i18n.language === l}
          title={t(`common:language.${l}`)}
          // The name starts with the visible code (WCAG 2.5.3, label in name).
          aria-label={`${l.toUpperCase()} – ${t(`common:language.${l}`)}`}
          onClick={() => setLocale(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
