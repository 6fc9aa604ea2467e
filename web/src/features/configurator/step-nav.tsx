import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/i18n-context';
import type { Step } from './use-configurator';

/** The steps as numbered tabs, scrolled sideways on a phone with the current one kept in view. */
export function StepNav({ steps, current, onStep }: { steps: Step[]; current: string; onStep(id: string): void }) {
  const t = useT();
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const active = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    const list = listRef.current;
    if (!active || !list) return;
    // Scroll the strip only, never the page.
    list.scrollTo({ left: active.offsetLeft - (list.clientWidth - active.offsetWidth) / 2, behavior: 'smooth' });
  }, [current]);
  return (
    <nav className="step-nav" aria-label={t('configurator.steps')}>
      <ol className="step-nav__list" ref={listRef}>
        {steps.map((step, index) => (
          <li key={step.id}>
            <button
              type="button"
              className="step-nav__step"
              aria-current={step.id === current ? 'step' : undefined}
              onClick={() => onStep(step.id)}
            >
              <span className="step-nav__number" aria-hidden="true">
                {index + 1}
              </span>
              {step.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
