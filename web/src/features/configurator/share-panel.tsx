import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { renderSVG } from 'uqr';
import { Link } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { useStore } from '../stores/store-context';
import { sharePath, type SavedConfiguration } from './configurations.api';
import { ContactMe } from '../leads/contact-me';

/**
 * A saved configuration, ready to pass on: the code to read out to a dealer, the link to send
 * (copied, or through the phone's share sheet), and a QR code to scan from another screen.
 */
export function SharePanel({ saved }: { saved: SavedConfiguration }) {
  const t = useT();
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  const { slug: store } = useStore();
  const path = sharePath(store, saved.code);
  const url = new URL(path, window.location.origin).href;
  const qr = useMemo(() => renderSVG(url, { border: 2, ecc: 'M' }), [url]);
  const [copied, setCopied] = useState(false);
  const canShare = typeof navigator.share === 'function';

  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [saved.code]);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): select the link for a manual copy.
      const link = ref.current?.querySelector('.share__url');
      if (link) window.getSelection()?.selectAllChildren(link);
    }
  };

  const share = async () => {
    try {
      await navigator.share({ title: `${saved.model.name} · ${saved.trim.name}`, text: t('share.text', { model: saved.model.name, code: saved.code }), url });
    } catch {
      // The buyer closed the share sheet: nothing to do.
    }
  };

  return (
    <section className="share" aria-labelledby={titleId} ref={ref}>
      <h3 className="share__title" id={titleId}>
        {t('share.title')}
      </h3>
      <div className="share__code-box">
        <p className="share__label">{t('share.code')}</p>
        <p className="share__code">{saved.code}</p>
        <p className="share__hint">{t('share.hint')}</p>
      </div>
      <div className="share__link">
        <a className="share__url" href={path}>
          {url}
        </a>
        <div className="share__actions">
          <button type="button" className="button button--primary button--small" onClick={copy}>
            {copied ? t('share.copied') : t('share.copy')}
          </button>
          {canShare && (
            <button type="button" className="button button--secondary button--small" onClick={share}>
              {t('share.share')}
            </button>
          )}
          <Link href={path} className="button button--quiet button--small">
            {t('share.open')}
          </Link>
        </div>
        <span className="visually-hidden" role="status">
          {copied ? t('share.copied') : ''}
        </span>
      </div>
      <ContactMe configuration={saved.code} />
      <figure className="share__qr">
        <div className="share__qr-code" role="img" aria-label={t('share.qr')} dangerouslySetInnerHTML={{ __html: qr }} />
        <figcaption>{t('share.qr')}</figcaption>
      </figure>
    </section>
  );
}
