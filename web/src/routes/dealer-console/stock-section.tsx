import { useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, dataOf } from '../../api/client';
import { useRequest } from '../../api/use-request';
import { fetchModel, fetchRange } from '../../features/catalog/catalog.api';
import {
  addUnit,
  changeUnit,
  fetchDealerStock,
  importRowsOf,
  NEXT_STATUSES,
  transferUnit,
  UNIT_STATUSES,
  uploadImport,
  type ImportPhase,
  type ImportRowProblem,
  type StockPage,
  type StockUnit,
  type UnitStatus,
} from '../../features/stock/stock.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert } from '../../ui/form';
import { formatMoney } from '../../ui/price';
import { ErrorState, LoadingState } from '../../ui/request-states';
import type { DealerPlace } from './dealer-place';

/** A dealer's VIN stock: counts, a filtered list with status changes and transfers, a unit form and CSV imports. */
export function StockSection({ place }: { place: DealerPlace }) {
  const t = useT();
  const { locale } = useLocale();
  const [model, setModel] = useState('');
  const [status, setStatus] = useState<UnitStatus | ''>('');
  const [inTransit, setInTransit] = useState(false);
  const [extra, setExtra] = useState<StockPage['units']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const filters = { model: model || undefined, status: status || undefined, inTransit: inTransit || undefined };
  const page = useRequest(
    async (signal) => {
      const first = await fetchDealerStock(place.store, place.dealer, filters, locale, signal);
      setExtra([]);
      setCursor(first.nextCursor);
      return first;
    },
    [place.store, place.dealer, model, status, inTransit, locale, version],
  );
  const reload = () => setVersion((n) => n + 1);
  const range = useRequest((signal) => fetchRange(place.store, locale, signal), [place.store, locale]);
  const modelId = useId();
  const statusId = useId();

  async function more() {
    if (!cursor) return;
    const next = await fetchDealerStock(place.store, place.dealer, { ...filters, cursor }, locale, new AbortController().signal);
    setExtra((units) => [...units, ...next.units]);
    setCursor(next.nextCursor);
  }

  const counts = page.data?.counts;
  const units = page.data ? [...page.data.units, ...extra] : [];
  return (
    <div className="stock-console">
      <section className="panel" aria-labelledby="stock-counts-title">
        <h2 className="panel__title" id="stock-counts-title">
          {t('stockConsole.title')}
        </h2>
        {counts && (
          <dl className="stock-counts" data-testid="stock-counts">
            {UNIT_STATUSES.map((key) => (
              <div key={key} className="stock-counts__item">
                <dt>{t(`stockConsole.status.${key}`)}</dt>
                <dd>{counts[key]}</dd>
              </div>
            ))}
            <div className="stock-counts__item">
              <dt>{t('stockConsole.total')}</dt>
              <dd>{counts.total}</dd>
            </div>
          </dl>
        )}
        <div className="form form--inline stock-filters">
          <div className="field">
            <label className="field__label" htmlFor={modelId}>
              {t('stock.model')}
            </label>
            <div className="field__box">
              <select id={modelId} className="field__input" value={model} onChange={(event) => setModel(event.target.value)}>
                <option value="">{t('stock.allModels')}</option>
                {range.data?.models.map((m) => (
                  <option key={m.slug} value={m.slug}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={statusId}>
              {t('stockConsole.statusFilter')}
            </label>
            <div className="field__box">
              <select id={statusId} className="field__input" value={status} onChange={(event) => setStatus(event.target.value as UnitStatus | '')}>
                <option value="">{t('stockConsole.anyStatus')}</option>
                {UNIT_STATUSES.map((key) => (
                  <option key={key} value={key}>
                    {t(`stockConsole.status.${key}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className="stock-check">
            <input type="checkbox" checked={inTransit} onChange={(event) => setInTransit(event.target.checked)} />
            {t('stockConsole.inTransitOnly')}
          </label>
        </div>
        {page.error && !page.data ? (
          <ErrorState onRetry={page.retry} />
        ) : !page.data ? (
          <LoadingState>
            <div className="skeleton-line" />
          </LoadingState>
        ) : units.length === 0 ? (
          <p className="panel__empty">{t('stockConsole.empty')}</p>
        ) : (
          <ul className="item-list" aria-labelledby="stock-counts-title">
            {units.map((unit) => (
              <UnitItem key={unit.vin} unit={unit} place={place} onChanged={reload} />
            ))}
          </ul>
        )}
        {cursor && (
          <button type="button" className="button button--secondary" onClick={() => void more()}>
            {t('stockConsole.more')}
          </button>
        )}
      </section>
      <AddUnitForm place={place} onAdded={reload} />
      <ImportPanel place={place} onImported={reload} />
    </div>
  );
}

function problemText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  const violations = (error.problem as { violations?: Array<{ message: string }> }).violations;
  return violations && violations.length > 0 ? violations.map((v) => v.message).join(' ') : (error.problem.detail ?? fallback);
}

function UnitItem({ unit, place, onChanged }: { unit: StockUnit; place: DealerPlace; onChanged(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const next = NEXT_STATUSES[unit.status];
  const [to, setTo] = useState<UnitStatus | ''>('');
  const [dealer, setDealer] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const dealers = useRequest(
    (signal) => dataOf(api.GET('/api/v1/stores/{store}/dealers', { params: { path: { store: place.store }, query: { locale, limit: 100 } }, signal })),
    [place.store, locale],
  );

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
      onChanged();
    } catch (error) {
      setProblem(problemText(error, t('stockConsole.failed')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="item stock-unit" data-testid="stock-unit">
      <div className="item__text">
        <p className="item__title">
          <code className="item__code">{unit.vin}</code>
          <span className="badge" data-status={unit.status}>
            {t(`stockConsole.status.${unit.status}`)}
          </span>
          {unit.purpose === 'demo' && <span className="badge badge--muted">{t('stockConsole.demo')}</span>}
        </p>
        <p className="item__meta">
          {unit.model.name} · {unit.trim.name}
          {unit.colour && ` · ${unit.colour.name}`} · {formatMoney(unit.price, locale)}
        </p>
        {unit.inTransit && unit.eta && (
          <p className="item__meta">{t('stock.arrives', { date: new Date(unit.eta).toLocaleDateString(locale, { timeZone: 'Asia/Shanghai' }) })}</p>
        )}
        <div className="stock-unit__actions">
          {next.length > 0 && (
            <span className="stock-unit__action">
              <select
                className="field__input"
                aria-label={t('stockConsole.changeStatus')}
                value={to}
                onChange={(event) => setTo(event.target.value as UnitStatus | '')}
              >
                <option value="">{t('stockConsole.changeStatus')}</option>
                {next.map((key) => (
                  <option key={key} value={key}>
                    {t(`stockConsole.status.${key}`)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy || !to}
                onClick={() => void run(() => changeUnit(place.store, place.dealer, unit.vin, { status: to as UnitStatus }, locale))}
              >
                {t('stockConsole.apply')}
              </button>
            </span>
          )}
          {unit.inTransit && (
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => void run(() => changeUnit(place.store, place.dealer, unit.vin, { eta: null }, locale))}
            >
              {t('stockConsole.arrived')}
            </button>
          )}
          {unit.status === 'available' && !unit.inTransit && unit.purpose === 'sale' && (
            <span className="stock-unit__action">
              <select
                className="field__input"
                aria-label={t('stockConsole.transferTo')}
                value={dealer}
                onChange={(event) => setDealer(event.target.value)}
              >
                <option value="">{t('stockConsole.transferTo')}</option>
                {dealers.data?.dealers
                  .filter((d) => d.code !== place.dealer)
                  .map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.name} · {d.city.name}
                    </option>
                  ))}
              </select>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy || !dealer}
                onClick={() => void run(() => transferUnit(place.store, place.dealer, unit.vin, dealer, locale))}
              >
                {t('stockConsole.transfer')}
              </button>
            </span>
          )}
        </div>
        {problem && <FormAlert>{problem}</FormAlert>}
      </div>
    </li>
  );
}

function AddUnitForm({ place, onAdded }: { place: DealerPlace; onAdded(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const errorId = useId();
  const modelId = useId();
  const trimId = useId();
  const [vin, setVin] = useState('');
  const [model, setModel] = useState('');
  const [trim, setTrim] = useState('');
  const [options, setOptions] = useState('');
  const [price, setPrice] = useState('');
  const [eta, setEta] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; field: string | undefined }>();
  const [added, setAdded] = useState<string>();
  const range = useRequest((signal) => fetchRange(place.store, locale, signal), [place.store, locale]);
  const detail = useRequest(
    (signal) => (model ? fetchModel(place.store, model, locale, signal) : Promise.resolve(undefined)),
    [place.store, model, locale],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setAdded(undefined);
    try {
      const yuan = price.trim();
      const unit = await addUnit(
        place.store,
        place.dealer,
        {
          vin: vin.trim(),
          model,
          trim,
          options: options.split(/[\s,;|]+/).filter(Boolean),
          ...(yuan ? { price: Math.round(Number(yuan) * 100) } : {}),
          ...(eta ? { eta } : {}),
        },
        locale,
      );
      setAdded(unit.vin);
      setVin('');
      onAdded();
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      const field = code === 'STOCK_INVALID_VIN' || code === 'STOCK_VIN_EXISTS' ? 'vin' : code === 'STOCK_INVALID_CONFIGURATION' ? 'options' : undefined;
      setProblem({ text: problemText(error, t('stockConsole.failed')), field });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="stock-add-title">
      <h2 className="panel__title" id="stock-add-title">
        {t('stockConsole.addTitle')}
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        <Field
          label={t('stockConsole.vin')}
          name="vin"
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={17}
          value={vin}
          onChange={(event) => setVin(event.target.value.toUpperCase())}
          invalid={problem?.field === 'vin'}
          errorId={errorId}
          hint={t('stockConsole.vinHint')}
        />
        <div className="field">
          <label className="field__label" htmlFor={modelId}>
            {t('stock.model')}
          </label>
          <div className="field__box">
            <select id={modelId} className="field__input" value={model} onChange={(event) => (setModel(event.target.value), setTrim(''))}>
              <option value="" />
              {range.data?.models.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={trimId}>
            {t('stockConsole.trim')}
          </label>
          <div className="field__box">
            <select id={trimId} className="field__input" value={trim} onChange={(event) => setTrim(event.target.value)}>
              <option value="" />
              {detail.data?.trims.map((tr) => (
                <option key={tr.code} value={tr.code}>
                  {tr.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Field
          label={t('stockConsole.options')}
          name="options"
          autoComplete="off"
          value={options}
          onChange={(event) => setOptions(event.target.value)}
          invalid={problem?.field === 'options'}
          errorId={errorId}
          hint={t('stockConsole.optionsHint')}
        />
        <Field
          label={t('stockConsole.price')}
          optionalNote={t('stockConsole.optional')}
          name="price"
          inputMode="numeric"
          value={price}
          onChange={(event) => setPrice(event.target.value.replace(/[^0-9.]/g, ''))}
          hint={t('stockConsole.priceHint')}
        />
        <Field label={t('stockConsole.eta')} optionalNote={t('stockConsole.optional')} name="eta" type="date" value={eta} onChange={(event) => setEta(event.target.value)} />
        <button type="submit" className="button button--primary" disabled={busy || !vin || !model || !trim}>
          {t('stockConsole.add')}
        </button>
        {problem && <FormAlert id={errorId}>{problem.text}</FormAlert>}
        {added && (
          <p className="form-message form-message--success" role="status">
            {t('stockConsole.added', { vin: added })}
          </p>
        )}
      </form>
    </section>
  );
}

type ImportState =
  | { state: 'idle' }
  | { state: 'running'; phase: ImportPhase }
  | { state: 'done'; imported: number }
  | { state: 'refused'; rows: ImportRowProblem[]; count: number }
  | { state: 'failed'; text: string };

function ImportPanel({ place, onImported }: { place: DealerPlace; onImported(): void }) {
  const t = useT();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<ImportState>({ state: 'idle' });

  async function upload(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setStatus({ state: 'running', phase: { phase: 'uploading', fraction: 0 } });
    try {
      const result = await uploadImport(place.store, place.dealer, file, (phase) => setStatus({ state: 'running', phase }));
      setStatus({ state: 'done', imported: result.imported });
      onImported();
    } catch (error) {
      const refused = importRowsOf(error);
      if (refused) setStatus({ state: 'refused', ...refused });
      else setStatus({ state: 'failed', text: problemText(error, t('stockConsole.failed')) });
    }
  }

  return (
    <section className="panel" aria-labelledby="stock-import-title">
      <h2 className="panel__title" id="stock-import-title">
        {t('stockConsole.importTitle')}
      </h2>
      <p className="panel__intro">{t('stockConsole.importIntro')}</p>
      <pre className="stock-import__format">vin,model,trim,options,colour,price,status,eta</pre>
      <form className="form" onSubmit={upload}>
        <div className="field">
          <label className="field__label" htmlFor={fileId}>
            {t('stockConsole.importFile')}
          </label>
          <input id={fileId} ref={input} type="file" accept=".csv,text/csv" className="field__input" />
        </div>
        <button type="submit" className="button button--primary" disabled={status.state === 'running'}>
          {t('stockConsole.importStart')}
        </button>
      </form>
      {status.state === 'running' && (
        <div className="stock-import__progress" role="status" aria-live="polite">
          {status.phase.phase === 'uploading' ? (
            <>
              <progress max={1} value={status.phase.fraction} />
              <span>{t('stockConsole.uploading', { percent: Math.round(status.phase.fraction * 100) })}</span>
            </>
          ) : (
            <>
              <progress />
              <span>{t('stockConsole.processing')}</span>
            </>
          )}
        </div>
      )}
      {status.state === 'done' && (
        <p className="form-message form-message--success" role="status" data-testid="import-done">
          {t('stockConsole.imported', { count: status.imported })}
        </p>
      )}
      {status.state === 'failed' && <FormAlert>{status.text}</FormAlert>}
      {status.state === 'refused' && (
        <div role="alert" className="stock-import__errors" data-testid="import-errors">
          <p>{t('stockConsole.importRefused', { count: status.count })}</p>
          <table className="stock-import__table">
            <thead>
              <tr>
                <th scope="col">{t('stockConsole.line')}</th>
                <th scope="col">{t('stockConsole.column')}</th>
                <th scope="col">{t('stockConsole.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {status.rows.map((row, i) => (
                <tr key={`${row.line}-${i}`}>
                  <td>{row.line}</td>
                  <td>{row.column ?? '—'}</td>
                  <td>{row.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
