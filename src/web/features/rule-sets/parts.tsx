import { useTranslation } from 'react-i18next';
import { Badge } from '../../app/ui.tsx';

export function StatusBadge({ status }: { status: 'draft' | 'published' | string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={status === 'published' ? 'ok' : 'info'}>
      {t(`ruleSets:status.${status === 'published' ? 'published' : 'draft'}`)}
    </Badge>
  );
}
