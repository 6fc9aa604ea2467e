import { useId, useState } from 'react';
import { useT } from '../../i18n/i18n-context';
import { Price } from '../../ui/price';
import type { Trim } from './choices';

/** The trim in use, and the others a tap away: changing trim keeps the buyer's picks where it can. */
export function TrimPicker({ trims, current, onChange }: { trims: Trim[]; current: string; onChange(code: string): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const trim = trims.find((candidate) => candidate.code === current);
  return (
    <div className="trim-picker">
      <div className="trim-picker__current">
        <div className="trim-picker__text">
          <span className="trim-picker__label">{t('configurator.trim')}</span>
          <span className="trim-picker__name">{trim?.name}</span>
          <span className="trim-picker__engine">{trim?.engine}</span>
        </div>
        {trims.length > 1 && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen((shown) => !shown)}
          >
            {open ? t('configurator.closeTrims') : t('configurator.changeTrim')}
          </button>
        )}
      </div>
      {open && (
        <ul className="trim-picker__list" id={listId} aria-label={t('configurator.trimsLabel')}>
          {trims.map((candidate) => (
            <li key={candidate.code}>
              <button
                type="button"
                className="trim-option"
                aria-pressed={candidate.code === current}
                onClick={() => {
                  setOpen(false);
                  onChange(candidate.code);
                }}
              >
                <span className="trim-option__text">
                  <span className="trim-option__name">{candidate.name}</span>
                  <span className="trim-option__engine">{candidate.engine}</span>
                </span>
                <Price money={candidate.price} className="trim-option__price" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
