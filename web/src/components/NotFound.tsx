import { useTranslation } from 'react-i18next';
import { Link } from '../router';

/** Shown for paths the server handed to the app but the app does not know. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="section not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
