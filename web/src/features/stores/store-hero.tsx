import { Link } from 'wouter';
import type { StoreSummary } from '../catalog/catalog.api';

/** The store's hero: its name first (the page's heading), then its own title and subtitle when it has them. */
export function StoreHero({ name, tagline, looks, href }: { name: string; tagline: string; looks: StoreSummary | undefined; href?: string }) {
  const mark = looks?.branding?.mark;
  const hero = looks?.hero;
  const headingId = `store-${looks?.slug ?? 'name'}-hero`;
  return (
    <section className="hero" aria-labelledby={headingId}>
      {mark && (
        <span className="hero__mark" aria-hidden="true">
          {mark}
        </span>
      )}
      {href ? (
        <h2 className="hero__title" id={headingId}>
          <Link href={href} className="hero__link">
            {name}
          </Link>
        </h2>
      ) : (
        <h1 className="hero__title" id={headingId}>
          {name}
        </h1>
      )}
      {hero?.title && <p className="hero__headline">{hero.title}</p>}
      <p className="hero__tagline">{hero?.subtitle || tagline}</p>
    </section>
  );
}
