import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { Price } from '../../ui/price';
import type { ModelSummary } from './catalog.api';
import { CarPlaceholder } from './car-placeholder';
import { PowertrainBadges } from './model-badges';

/**
 * One model of the range. The name is the card's only link, stretched over the whole card,
 * so a screen reader hears "Koleos, link" rather than the card read out twice.
 */
export function ModelCard({ model, href }: { model: ModelSummary; href: string }) {
  const t = useT();
  const nameId = `model-${href.replace(/[^a-z0-9]+/g, '-')}-name`;
  const origin = model.origin === 'import' ? t('model.origin.import') : t('model.origin.local');
  return (
    <article className="model-card" aria-labelledby={nameId}>
      <div className="model-card__stage">
        <CarPlaceholder body={model.body} paint={model.swatch} label={t('model.picture', { name: model.name })} />
        <PowertrainBadges powertrain={model.powertrain} nev={model.nev} />
      </div>
      <div className="model-card__body">
        <h3 className="model-card__name" id={nameId}>
          <Link href={href} className="model-card__link">
            {model.name}
          </Link>
        </h3>
        <p className="model-card__tagline">{model.tagline}</p>
        <ul className="model-card__facts">
          <li>{t('model.seats', { count: model.seats })}</li>
          <li>{origin}</li>
          <li>{t('model.trims', { count: model.trimCount })}</li>
        </ul>
        <div className="model-card__footer">
          <p className="model-card__price">
            <span className="model-card__price-label">{t('model.from')}</span>
            <Price money={model.fromPrice} className="model-card__price-amount" />
            {model.priceIsEstimate && <span className="model-card__estimate">{t('model.estimate')}</span>}
          </p>
          <span className="model-card__cta" aria-hidden="true">
            {t('model.explore')}
            <ArrowIcon />
          </span>
        </div>
      </div>
    </article>
  );
}

export function ArrowIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" className="arrow-icon">
      <path d="M4 10h11m-4.5-4.5L15 10l-4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The shape of a card while the range loads, so the page does not jump when it arrives. */
export function ModelCardSkeleton() {
  return (
    <div className="model-card model-card--skeleton" aria-hidden="true">
      <div className="model-card__stage" />
      <div className="model-card__body">
        <div className="skeleton-line skeleton-line--title" />
        <div className="skeleton-line" />
        <div className="skeleton-line skeleton-line--short" />
      </div>
    </div>
  );
}
