// Where a public page sits: portal › province › commune, the last one the current page.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export function Crumbs({ trail, current }: { trail: Array<{ to: string; label: string }>; current?: string }) {
  const { t } = useTranslation();
  return (
    <nav className="crumbs" aria-label={t('portalUi:nav.breadcrumb')}>
      <ol>
        <li>
          <Link to="/cong-khai">{t('portalUi:nav.portal')}</Link>
        </li>
        {trail.map((c) => (
          <li key={c.to}>
            <Link to={c.to}>{c.label}</Link>
          </li>
        ))}
        {current && <li aria-current="page">{current}</li>}
      </ol>
    </nav>
  );
}
