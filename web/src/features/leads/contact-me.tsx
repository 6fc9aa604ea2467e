import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { useT } from '../../i18n/i18n-context';
import { lazyPage } from '../../ui/lazy-page';
import { signInPath } from '../accounts/roles';
import { useSession } from '../accounts/session-context';
import type { LeadSubject } from './leads.api';

/** The sheet's form, in a chunk of its own; its messages are the storefront's, already in. */
const ContactForm = lazyPage(() => import('./contact-form').then((form) => form.ContactForm), null, () => Promise.resolve());
// Started as a finger lands on the button; a chunk that fails now is tried again, and says so, in the sheet.
const preloadContactForm = () => void ContactForm.preload().catch(() => {});

export type ContactMeProps = LeadSubject & {
  /** The dealer to ask, when the page already names one (a car in stock is at one dealer). */
  dealer?: string;
};

/**
 * "Contact me": a button that opens a sheet where a signed-in buyer picks a dealer (nearest
 * first when the browser gives a location), agrees or not to share their phone, and asks to be
 * called back about a model, a saved configuration or a car in stock. Signed out, the button
 * leads to sign-in and back to this page.
 */
export function ContactMe(props: ContactMeProps) {
  const t = useT();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();

  function start() {
    if (session.status === 'signedOut') {
      navigate(signInPath(`${window.location.pathname}${window.location.search}`));
      return;
    }
    if (session.status !== 'signedIn') return;
    setOpen(true);
  }

  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);

  return (
    <div className="contact-me">
      <button
        type="button"
        className="button button--secondary button--block"
        onClick={start}
        onPointerDown={preloadContactForm}
        onFocus={preloadContactForm}
        disabled={session.status === 'loading'}
      >
        <PhoneIcon />
        {t('contactMe.open')}
      </button>
      {open && (
        <dialog ref={dialog} className="sheet" aria-labelledby={titleId} onClose={() => setOpen(false)}>
          <div className="sheet__header">
            <h2 className="sheet__title" id={titleId}>
              {t('contactMe.title')}
            </h2>
            <button type="button" className="sheet__close" aria-label={t('contactMe.close')} onClick={() => dialog.current?.close()}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <ContactForm {...props} onDone={() => dialog.current?.close()} />
        </dialog>
      )}
    </div>
  );
}

function PhoneIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path
        d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"
        fill="currentColor"
      />
    </svg>
  );
}
