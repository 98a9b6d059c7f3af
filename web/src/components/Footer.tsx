import { useTranslation } from 'react-i18next';
import { Logo } from './Logo';

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <Logo size={28} />
        <div>
          <p>{t('footer.openSource')}</p>
          <p>{t('footer.model')}</p>
          <p className="site-footer__synthetic">{t('footer.synthetic')}</p>
        </div>
      </div>
    </footer>
  );
}
