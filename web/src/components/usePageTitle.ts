import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the page in the tab title, so history and screen readers tell pages apart. */
export function usePageTitle(page: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('meta.pageTitle', { page });
  }, [page, t]);
}
