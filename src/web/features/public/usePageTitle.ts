// The tab's title: the page's own name, then the product's (WCAG 2.4.2, page titled).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function usePageTitle(name: string | null | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = name ? `${name} — ${t('common:appName')}` : t('common:appName');
  }, [name, t]);
}
