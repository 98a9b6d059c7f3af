import { useTranslation } from 'react-i18next';

const points = ['id', 'consent', 'linked'] as const;

/** What Tsunagu is, in three promises. Holds the page's only h1. */
export function Hero() {
  const { t } = useTranslation();
  return (
    <section className="hero" aria-labelledby="hero-title">
      <div className="hero__inner">
        <p className="hero__eyebrow">{t('hero.eyebrow')}</p>
        <h1 id="hero-title" className="hero__title">
          {t('hero.title')}
        </h1>
        <p className="hero__lead">{t('hero.lead')}</p>
        <h2 className="visually-hidden">{t('hero.pointsLabel')}</h2>
        <ul className="hero__points">
          {points.map((point) => (
            <li key={point} className="hero__point">
              <h3>{t(`hero.points.${point}.title`)}</h3>
              <p>{t(`hero.points.${point}.body`)}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
