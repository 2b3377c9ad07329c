// The national child protection hotline 111, shown at the top of every public page; and the frame that
// puts it above public pages that have their own layout (the survey page).
import { Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import './public.css';

export const HOTLINE = '111';

export function Hotline() {
  const { t } = useTranslation();
  return (
    <aside className="hotline" aria-labelledby="hotline-label" data-testid="hotline">
      <p className="hotline-text">
        <span id="hotline-label" className="hotline-label">
          {t('portalUi:hotline.label')}
        </span>{' '}
        <span className="hotline-terms">{t('portalUi:hotline.terms')}</span>
        <span className="hotline-hint">{t('portalUi:hotline.hint')}</span>
      </p>
      <a className="hotline-call" href={`tel:${HOTLINE}`}>
        <span aria-hidden="true">☎</span> {t('portalUi:hotline.call', { number: HOTLINE })}
      </a>
    </aside>
  );
}

/** For a public route outside the portal's layout: the hotline first, then the page as it is. */
export default function HotlineFrame() {
  return (
    <>
      <Hotline />
      <Outlet />
    </>
  );
}
