import { useTranslation } from 'react-i18next';

/** Shown for paths the server handed to the app but the app does not know. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="section not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </section>
  );
}
