import { useTranslation } from 'react-i18next';

export type Status = 'available' | 'comingSoon' | 'checking';

const dataStatus: Record<Status, string> = {
  available: 'available',
  comingSoon: 'coming-soon',
  checking: 'checking',
};

/** Availability as words, not only colour. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span className={`status status--${dataStatus[status]}`} data-status={dataStatus[status]}>
      {t(`status.${status}`)}
    </span>
  );
}
