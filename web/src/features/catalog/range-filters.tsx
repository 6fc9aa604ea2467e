import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { formatCompactMoney } from '../../ui/price';
import type { ModelSummary, Powertrain } from './catalog.api';
import { PRICE_CEILINGS, SEARCH_MAX_LENGTH, type RangeQuery } from './range-query';
import { hiddenEnds } from './scroll-ends';

/** How long typing pauses before the search runs. */
const SEARCH_DEBOUNCE_MS = 300;

const POWERTRAIN_ORDER: readonly Powertrain[] = ['ICE', 'HEV', 'PHEV', 'BEV'];

/**
 * Search and filter chips over the range. The chips offered come from the whole range, so a
 * buyer is never offered a powertrain or body the store does not sell.
 */
export function RangeFilters({
  query,
  range,
  onChange,
  offerNev = false,
}: {
  query: RangeQuery;
  /** The unfiltered range. */
  range: ModelSummary[];
  onChange(next: RangeQuery): void;
  /** Offer "new-energy only" next to the powertrains, when the range has NEVs and combustion cars. */
  offerNev?: boolean;
}) {
  const t = useT();
  const { locale } = useLocale();
  const powertrains = POWERTRAIN_ORDER.filter((p) => range.some((model) => model.powertrain === p));
  // A model listed under several body types (a city SUV built as a crossover) offers each of them.
  const bodies = [...new Set(range.flatMap((model) => model.bodies))];
  const currency = range[0]?.fromPrice.currency ?? 'CNY';
  const nevChip = offerNev && range.some((model) => model.nev) && range.some((model) => !model.nev);

  const set = (patch: Partial<RangeQuery>) => {
    const next: RangeQuery = { ...query, ...patch };
    for (const key of Object.keys(next) as (keyof RangeQuery)[]) if (next[key] === undefined) delete next[key];
    onChange(next);
  };

  return (
    <section className="filters" aria-label={t('filters.title')}>
      <SearchField value={query.q ?? ''} onSearch={(q) => set({ q: q || undefined })} />
      <div className="filters__rows">
        {(powertrains.length > 1 || nevChip) && (
          <ChipRow label={t('filters.powertrain')}>
            <Chip pressed={!query.powertrain && !query.nev} onClick={() => set({ powertrain: undefined, nev: undefined })}>
              {t('filters.all')}
            </Chip>
            {nevChip && (
              <Chip pressed={query.nev === true} onClick={() => set({ nev: query.nev ? undefined : true })}>
                {t('model.nev')}
              </Chip>
            )}
            {powertrains.map((p) => (
              <Chip key={p} pressed={query.powertrain === p} onClick={() => set({ powertrain: query.powertrain === p ? undefined : p })}>
                {t(`powertrain.${p}`)}
              </Chip>
            ))}
          </ChipRow>
        )}
        {bodies.length > 1 && (
          <ChipRow label={t('filters.body')}>
            <Chip pressed={!query.body} onClick={() => set({ body: undefined })}>
              {t('filters.all')}
            </Chip>
            {bodies.map((body) => (
              <Chip key={body} pressed={query.body === body} onClick={() => set({ body: query.body === body ? undefined : body })}>
                {bodyName(body, t)}
              </Chip>
            ))}
          </ChipRow>
        )}
        <ChipRow label={t('filters.price')}>
          <Chip pressed={!query.max} onClick={() => set({ max: undefined })}>
            {t('filters.anyPrice')}
          </Chip>
          {PRICE_CEILINGS.map((max) => (
            <Chip key={max} pressed={query.max === max} onClick={() => set({ max: query.max === max ? undefined : max })}>
              {t('filters.maxPrice', { amount: formatCompactMoney({ amount: max * 100, currency }, locale) })}
            </Chip>
          ))}
        </ChipRow>
      </div>
    </section>
  );
}

const BODY_KEYS: Record<string, MessageKey> = {
  suv: 'body.suv',
  crossover: 'body.crossover',
  mpv: 'body.mpv',
  coupe: 'body.coupe',
};

export function bodyName(body: string, t: (key: MessageKey) => string): string {
  const key = BODY_KEYS[body];
  return key ? t(key) : body.toUpperCase();
}

function ChipRow({ label, children }: { label: string; children: ReactNode }) {
  const labelId = useId();
  const chipsRef = useRef<HTMLDivElement>(null);
  // A row wider than the phone fades out at the edge where chips are hidden: the hint that it scrolls.
  const [more, setMore] = useState<ReturnType<typeof hiddenEnds>>();
  useEffect(() => {
    const chips = chipsRef.current;
    if (!chips) return;
    const measure = () => setMore(hiddenEnds(chips.scrollLeft, chips.clientWidth, chips.scrollWidth));
    measure();
    chips.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(chips);
    return () => {
      chips.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, []);
  // A filter opened from a link may be scrolled out of its row: bring the chosen chip into view once.
  useEffect(() => {
    const chips = chipsRef.current;
    const chosen = chips?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (chips && chosen && chosen.offsetLeft + chosen.offsetWidth > chips.clientWidth) {
      chips.scrollLeft = chosen.offsetLeft - chips.clientWidth / 3;
    }
  }, []);
  return (
    <div className="chip-row">
      <span className="chip-row__label" id={labelId}>
        {label}
      </span>
      <div className="chip-row__chips" role="group" aria-labelledby={labelId} ref={chipsRef} data-more={more}>
        {children}
      </div>
    </div>
  );
}

function Chip({ pressed, onClick, children }: { pressed: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onClick}>
      {children}
    </button>
  );
}

/**
 * Searches as the buyer types, once typing pauses; an input method still composing (pinyin on
 * its way to 科雷傲) is left to finish first.
 */
function SearchField({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const t = useT();
  const inputId = useId();
  const [text, setText] = useState(value);
  const [composing, setComposing] = useState(false);
  const committed = useRef(value);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // The address changed on its own (clear filters, back button): show what it says.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    const q = text.trim();
    if (composing || q === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = q;
      onSearchRef.current(q);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, composing]);

  return (
    <div className="search-field">
      <label htmlFor={inputId} className="visually-hidden">
        {t('filters.search')}
      </label>
      <svg className="search-field__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
        <path d="m13 13 4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <input
        id={inputId}
        className="search-field__input"
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        maxLength={SEARCH_MAX_LENGTH}
        placeholder={t('filters.searchPlaceholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={(event) => {
          setComposing(false);
          setText(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !composing) {
            const q = text.trim();
            committed.current = q;
            onSearchRef.current(q);
            event.currentTarget.blur();
          }
        }}
      />
      {text && (
        <button
          type="button"
          className="search-field__clear"
          aria-label={t('filters.clearSearch')}
          onClick={() => {
            setText('');
            committed.current = '';
            onSearchRef.current('');
          }}
        >
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="m6 6 8 8m0-8-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      )}
    </div>
  );
}
