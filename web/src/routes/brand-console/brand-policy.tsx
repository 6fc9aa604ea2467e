import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useRequest, type RequestState } from '../../api/use-request';
import {
  fetchDeposits,
  fetchFinancePolicy,
  fetchOrderPolicy,
  fetchPlateFees,
  fetchTestDrivePolicy,
  refusalOf,
  saveDeposits,
  saveFinancePolicy,
  saveOrderPolicy,
  savePlateFees,
  saveTestDrivePolicy,
  type Deposits,
  type FinancePolicy,
  type OrderPolicy,
  type PlateFees,
  type TestDrivePolicy,
} from '../../features/store-policy/store-policy.api';
import {
  basisPointsToPercent,
  fenToYuan,
  problemsOfRefusal,
  readPercent,
  readWhole,
  readYuan,
  type FormProblem,
  type Problems,
} from '../../features/store-policy/store-policy-rules';
import { useLocale, useT } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { ErrorState, PageSpinner } from '../../ui/request-states';

/*
 * /admin/{store}/policy: one form per part of the store policy. Each checks what it can as the
 * operator types (formats and bounds), and shows the server's refusals (the 20% deposit
 * ceiling, terms out of order, a stale version) on the fields they name.
 */

type Draft = Record<string, string>;

/** /admin/{store}/policy: deposits, checkout rules, finance rates, plate fees, test-drive caps. */
export function BrandPolicy({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const deposits = useRequest((signal) => fetchDeposits(store, locale, signal), [store, locale]);
  const orders = useRequest((signal) => fetchOrderPolicy(store, signal), [store]);
  const finance = useRequest((signal) => fetchFinancePolicy(store, signal), [store]);
  const plates = useRequest((signal) => fetchPlateFees(store, locale, signal), [store, locale]);
  const testDrives = useRequest((signal) => fetchTestDrivePolicy(store, signal), [store]);
  return (
    <div className="campaign-admin policy-admin" data-testid="store-policy">
      <h2>{t('storePolicy.title')}</h2>
      <p className="fine-print">{t('storePolicy.intro')}</p>
      <Loaded request={deposits}>{(data) => <DepositsForm key={data.version} store={store} data={data} reload={deposits.retry} />}</Loaded>
      <Loaded request={orders}>{(data) => <OrdersForm key={data.version} store={store} data={data} reload={orders.retry} />}</Loaded>
      <Loaded request={finance}>{(data) => <FinanceForm key={data.version} store={store} data={data} reload={finance.retry} />}</Loaded>
      <Loaded request={plates}>{(data) => <PlatesForm key={data.version} store={store} data={data} reload={plates.retry} />}</Loaded>
      <Loaded request={testDrives}>{(data) => <TestDrivesForm key={data.version} store={store} data={data} reload={testDrives.retry} />}</Loaded>
    </div>
  );
}

function Loaded<T>({ request, children }: { request: RequestState<T>; children: (data: T) => ReactNode }) {
  if (request.error) return <ErrorState onRetry={request.retry} />;
  if (!request.data) return <PageSpinner />;
  return children(request.data);
}

interface SectionProps<Data, Body> {
  name: string;
  title: MessageKey;
  intro: MessageKey;
  initial: Draft;
  /** The body to send, or the fields to correct first (checked as typed, too). */
  build: (draft: Draft, problems: Problems) => Body;
  save: (body: Body) => Promise<Data>;
  /** The form's field a path of the server names (e.g. cities[2].ice → the city's field), when they differ. */
  fieldOf?: (path: string) => string;
  reload: () => void;
  onSaved?: (data: Data) => void;
  /** The currency of the amounts the server may quote back (a deposit's ceiling). */
  currency?: string;
  children: (field: FieldRenderer, draft: Draft, setDraft: (change: (draft: Draft) => Draft) => void) => ReactNode;
}

type FieldRenderer = (path: string, label: string, options?: { hint?: string | undefined; inputMode?: 'numeric' | 'decimal' }) => ReactNode;

/** A section's form: its fields as typed, their problems (ours as typed, the server's after a save), one save button. */
function SectionForm<Data, Body>({ name, title, intro, initial, build, save, fieldOf = (path) => path, reload, onSaved, currency = 'CNY', children }: SectionProps<Data, Body>) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [draft, setDraftState] = useState<Draft>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverProblems, setServerProblems] = useState<Problems>({});
  const [formProblem, setFormProblem] = useState<FormProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const ownProblems: Problems = {};
  build(draft, ownProblems);
  const shown = (path: string) => serverProblems[path] ?? (submitted || touched.has(path) ? ownProblems[path] : undefined);

  const setDraft = (change: (current: Draft) => Draft) => {
    setDraftState(change);
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    const problems: Problems = {};
    const body = build(draft, problems);
    if (Object.keys(problems).length > 0) {
      setServerProblems({});
      setFormProblem('storePolicy.error.fields');
      return;
    }
    setBusy(true);
    setFormProblem(null);
    setServerProblems({});
    try {
      const data = await save(body);
      setSaved(true);
      onSaved?.(data);
    } catch (error) {
      const { fields, form } = problemsOfRefusal(refusalOf(error), (fen) => formatMoney({ amount: fen, currency }, locale));
      setServerProblems(Object.fromEntries(Object.entries(fields).map(([path, problem]) => [fieldOf(path), problem])));
      setFormProblem(form);
    } finally {
      setBusy(false);
    }
  }

  const field: FieldRenderer = (path, label, options = {}) => {
    const problem = shown(path);
    const inputId = `${id}-${path}`;
    const errorId = `${inputId}-error`;
    const hintId = `${inputId}-hint`;
    return (
      <div className="campaign-admin__field" key={path}>
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          name={path}
          className="booking__select"
          inputMode={options.inputMode ?? 'numeric'}
          autoComplete="off"
          value={draft[path] ?? ''}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[options.hint ? hintId : '', problem ? errorId : ''].filter(Boolean).join(' ') || undefined}
          data-testid={`policy-field-${path}`}
          onChange={(event) => {
            const value = event.target.value;
            setDraft((current) => ({ ...current, [path]: value }));
            setServerProblems(({ [path]: _gone, ...rest }) => rest);
          }}
          onBlur={() => setTouched((current) => new Set(current).add(path))}
        />
        {options.hint && (
          <p className="fine-print" id={hintId}>
            {options.hint}
          </p>
        )}
        {problem && (
          <p className="form-message form-message--error" role="alert" id={errorId} data-testid={`policy-error-${path}`}>
            {t(problem.key, problem.params)}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="panel campaign-admin__form policy-admin__section" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-title`} data-testid={`policy-${name}`}>
      <h3 className="panel__title" id={`${id}-title`}>
        {t(title)}
      </h3>
      <p className="panel__intro">{t(intro)}</p>
      {children(field, draft, setDraft)}
      {formProblem && (
        <div className="form-message form-message--error" role="alert" data-testid={`policy-${name}-problem`}>
          <span>{t(formProblem)}</span>
          {formProblem === 'storePolicy.error.stale' && (
            <button type="button" className="button button--secondary button--small" onClick={reload}>
              {t('storePolicy.reload')}
            </button>
          )}
        </div>
      )}
      {saved && (
        <p className="form-message form-message--success" role="status" data-testid={`policy-${name}-saved`}>
          {t('storePolicy.saved')}
        </p>
      )}
      <div className="campaign-admin__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('storePolicy.saving') : t('storePolicy.save')}
        </button>
      </div>
    </form>
  );
}

// ---- Deposits ----

function DepositsForm({ store, data, reload }: { store: string; data: Deposits; reload: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const [version, setVersion] = useState(data.version);
  const initial = Object.fromEntries(data.models.map((model, i) => [`deposits[${i}].amount`, model.custom ? fenToYuan(model.amount.amount) : '']));
  return (
    <SectionForm
      name="deposits"
      currency={data.default.currency}
      title="storePolicy.deposits.title"
      intro="storePolicy.deposits.intro"
      initial={initial}
      reload={reload}
      build={(draft, problems) => ({
        version,
        deposits: data.models.map((model, i) => {
          const path = `deposits[${i}].amount`;
          const text = (draft[path] ?? '').trim();
          return { model: model.model, amount: text === '' ? null : readYuan(problems, path, text, 100) };
        }),
      })}
      save={(body) => saveDeposits(store, locale, body)}
      onSaved={(saved) => setVersion(saved.version)}
    >
      {(field) =>
        data.models.map((model, i) =>
          field(`deposits[${i}].amount`, t('storePolicy.deposits.amount', { model: model.name }), {
            inputMode: 'decimal',
            hint:
              model.maxAmount && model.fromPrice
                ? t('storePolicy.deposits.hint', { max: formatMoney(model.maxAmount, locale), price: formatMoney(model.fromPrice, locale), default: formatMoney(data.default, locale) })
                : t('storePolicy.deposits.noPrice'),
          }),
        )
      }
    </SectionForm>
  );
}

// ---- Checkout rules ----

const ORDER_FIELDS = [
  ['holdMinutes', 'storePolicy.orders.holdMinutes', { min: 5, max: 120 }],
  ['refundWindowDays', 'storePolicy.orders.refundWindowDays', { min: 0, max: 90 }],
  ['buildWeeks', 'storePolicy.orders.buildWeeks', { min: 1, max: 52 }],
  ['pickupMaxAttempts', 'storePolicy.orders.pickupMaxAttempts', { min: 1, max: 20 }],
] as const;

function OrdersForm({ store, data, reload }: { store: string; data: OrderPolicy; reload: () => void }) {
  const t = useT();
  const [version, setVersion] = useState(data.version);
  return (
    <SectionForm
      name="orders"
      title="storePolicy.orders.title"
      intro="storePolicy.orders.intro"
      initial={Object.fromEntries(ORDER_FIELDS.map(([key]) => [key, String(data[key])]))}
      reload={reload}
      build={(draft, problems) => ({
        version,
        holdMinutes: readWhole(problems, 'holdMinutes', draft.holdMinutes ?? '', ORDER_FIELDS[0][2]),
        refundWindowDays: readWhole(problems, 'refundWindowDays', draft.refundWindowDays ?? '', ORDER_FIELDS[1][2]),
        buildWeeks: readWhole(problems, 'buildWeeks', draft.buildWeeks ?? '', ORDER_FIELDS[2][2]),
        pickupMaxAttempts: readWhole(problems, 'pickupMaxAttempts', draft.pickupMaxAttempts ?? '', ORDER_FIELDS[3][2]),
      })}
      save={(body) => saveOrderPolicy(store, body)}
      onSaved={(saved) => setVersion(saved.version)}
    >
      {(field) => ORDER_FIELDS.map(([key, label]) => field(key, t(label)))}
    </SectionForm>
  );
}

// ---- Finance rates ----

const PERCENT_FIELDS = ['loan.aprBasisPoints', 'loan.minDownBasisPoints', 'loan.nevMinDownBasisPoints', 'lease.aprBasisPoints', 'lease.downBasisPoints', 'lease.balloonBasisPoints'] as const;

function FinanceForm({ store, data, reload }: { store: string; data: FinancePolicy; reload: () => void }) {
  const t = useT();
  const [version, setVersion] = useState(data.version);
  const initial: Draft = {
    'loan.aprBasisPoints': basisPointsToPercent(data.loan.aprBasisPoints),
    'loan.minDownBasisPoints': basisPointsToPercent(data.loan.minDownBasisPoints),
    'loan.nevMinDownBasisPoints': basisPointsToPercent(data.loan.nevMinDownBasisPoints),
    'loan.minMonths': String(data.loan.minMonths),
    'loan.maxMonths': String(data.loan.maxMonths),
    'lease.aprBasisPoints': basisPointsToPercent(data.lease.aprBasisPoints),
    'lease.downBasisPoints': basisPointsToPercent(data.lease.downBasisPoints),
    'lease.balloonBasisPoints': basisPointsToPercent(data.lease.balloonBasisPoints),
    'lease.months': String(data.lease.months),
    'lease.keepRentingMonths': String(data.lease.keepRentingMonths),
  };
  const percent = (path: (typeof PERCENT_FIELDS)[number], label: MessageKey, field: FieldRenderer) => field(path, t(label), { inputMode: 'decimal' });
  return (
    <SectionForm
      name="finance"
      title="storePolicy.finance.title"
      intro="storePolicy.finance.intro"
      initial={initial}
      reload={reload}
      build={(draft, problems) => {
        const read = (path: string) => draft[path] ?? '';
        return {
          version,
          loan: {
            aprBasisPoints: readPercent(problems, 'loan.aprBasisPoints', read('loan.aprBasisPoints'), 3_600),
            minDownBasisPoints: readPercent(problems, 'loan.minDownBasisPoints', read('loan.minDownBasisPoints'), 10_000),
            nevMinDownBasisPoints: readPercent(problems, 'loan.nevMinDownBasisPoints', read('loan.nevMinDownBasisPoints'), 10_000),
            minMonths: readWhole(problems, 'loan.minMonths', read('loan.minMonths'), { min: 12, max: 60 }),
            maxMonths: readWhole(problems, 'loan.maxMonths', read('loan.maxMonths'), { min: 12, max: 60 }),
          },
          lease: {
            aprBasisPoints: readPercent(problems, 'lease.aprBasisPoints', read('lease.aprBasisPoints'), 3_600),
            downBasisPoints: readPercent(problems, 'lease.downBasisPoints', read('lease.downBasisPoints'), 10_000),
            balloonBasisPoints: readPercent(problems, 'lease.balloonBasisPoints', read('lease.balloonBasisPoints'), 10_000),
            months: readWhole(problems, 'lease.months', read('lease.months'), { min: 6, max: 60 }),
            keepRentingMonths: readWhole(problems, 'lease.keepRentingMonths', read('lease.keepRentingMonths'), { min: 6, max: 120 }),
          },
        };
      }}
      save={(body) => saveFinancePolicy(store, body)}
      onSaved={(saved) => setVersion(saved.version)}
    >
      {(field) => (
        <>
          <fieldset className="policy-admin__group">
            <legend>{t('storePolicy.finance.loan')}</legend>
            {percent('loan.aprBasisPoints', 'storePolicy.finance.apr', field)}
            {percent('loan.minDownBasisPoints', 'storePolicy.finance.minDown', field)}
            {percent('loan.nevMinDownBasisPoints', 'storePolicy.finance.nevMinDown', field)}
            {field('loan.minMonths', t('storePolicy.finance.minMonths'))}
            {field('loan.maxMonths', t('storePolicy.finance.maxMonths'))}
          </fieldset>
          <fieldset className="policy-admin__group">
            <legend>{t('storePolicy.finance.lease')}</legend>
            {percent('lease.aprBasisPoints', 'storePolicy.finance.apr', field)}
            {percent('lease.downBasisPoints', 'storePolicy.finance.leaseDown', field)}
            {percent('lease.balloonBasisPoints', 'storePolicy.finance.balloon', field)}
            {field('lease.months', t('storePolicy.finance.leaseMonths'))}
            {field('lease.keepRentingMonths', t('storePolicy.finance.keepRentingMonths'))}
          </fieldset>
        </>
      )}
    </SectionForm>
  );
}

// ---- Plate fees by city ----

interface CityRow {
  code: string;
  name: string;
  estimate?: boolean;
}

function PlatesForm({ store, data, reload }: { store: string; data: PlateFees; reload: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [version, setVersion] = useState(data.version);
  const [cities, setCities] = useState<CityRow[]>(data.cities.map((city) => ({ code: city.code, name: city.name, estimate: city.estimate })));
  const [adding, setAdding] = useState('');
  const initial: Draft = { default: fenToYuan(data.default.amount) };
  for (const city of data.cities) {
    initial[`city.${city.code}.ice`] = fenToYuan(city.ice.amount);
    initial[`city.${city.code}.nev`] = fenToYuan(city.nev.amount);
  }
  const addable = [...data.cities, ...data.otherServedCities].filter((city) => !cities.some((row) => row.code === city.code));
  return (
    <SectionForm
      name="plates"
      title="storePolicy.plates.title"
      intro="storePolicy.plates.intro"
      initial={initial}
      reload={reload}
      fieldOf={(path) => {
        const match = /^cities\[(\d+)\]\.(ice|nev|code)$/.exec(path);
        const city = match ? cities[Number(match[1])] : undefined;
        return match && city ? `city.${city.code}.${match[2] === 'code' ? 'ice' : match[2]}` : path;
      }}
      build={(draft, problems) => ({
        version,
        default: readYuan(problems, 'default', draft.default ?? ''),
        cities: cities.map((city) => ({
          code: city.code,
          ice: readYuan(problems, `city.${city.code}.ice`, draft[`city.${city.code}.ice`] ?? ''),
          nev: readYuan(problems, `city.${city.code}.nev`, draft[`city.${city.code}.nev`] ?? ''),
          ...(city.estimate === undefined ? {} : { estimate: city.estimate }),
        })),
      })}
      save={(body) => savePlateFees(store, locale, body)}
      onSaved={(saved) => setVersion(saved.version)}
    >
      {(field, _draft, setDraft) => (
        <>
          {field('default', t('storePolicy.plates.default'), { inputMode: 'decimal' })}
          {cities.map((city) => (
            <fieldset className="policy-admin__group" key={city.code} data-city={city.code}>
              <legend>{city.name}</legend>
              {field(`city.${city.code}.ice`, t('storePolicy.plates.ice', { city: city.name }), { inputMode: 'decimal' })}
              {field(`city.${city.code}.nev`, t('storePolicy.plates.nev', { city: city.name }), { inputMode: 'decimal' })}
              <button type="button" className="button button--secondary button--small" onClick={() => setCities((rows) => rows.filter((row) => row.code !== city.code))}>
                {t('storePolicy.plates.remove', { city: city.name })}
              </button>
            </fieldset>
          ))}
          {addable.length > 0 && (
            <div className="campaign-admin__field">
              <label htmlFor={`${id}-add`}>{t('storePolicy.plates.add')}</label>
              <select id={`${id}-add`} className="booking__select" value={adding} onChange={(event) => setAdding(event.target.value)}>
                <option value="" />
                {addable.map((city) => (
                  <option key={city.code} value={city.code}>
                    {city.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button--secondary button--small"
                disabled={!adding}
                onClick={() => {
                  const city = addable.find((candidate) => candidate.code === adding);
                  if (!city) return;
                  setCities((rows) => [...rows, { code: city.code, name: city.name }]);
                  setDraft((current) => ({
                    ...current,
                    [`city.${city.code}.ice`]: current[`city.${city.code}.ice`] ?? fenToYuan(data.default.amount),
                    [`city.${city.code}.nev`]: current[`city.${city.code}.nev`] ?? fenToYuan(data.default.amount),
                  }));
                  setAdding('');
                }}
              >
                {t('storePolicy.plates.addButton')}
              </button>
            </div>
          )}
        </>
      )}
    </SectionForm>
  );
}

// ---- Test-drive caps ----

const TEST_DRIVE_FIELDS = [
  ['maxUpcomingPerModel', 'storePolicy.testDrives.maxUpcomingPerModel', { min: 1, max: 10 }],
  ['maxUpcoming', 'storePolicy.testDrives.maxUpcoming', { min: 1, max: 20 }],
  ['maxInWindow', 'storePolicy.testDrives.maxInWindow', { min: 1, max: 100 }],
  ['windowDays', 'storePolicy.testDrives.windowDays', { min: 1, max: 365 }],
  ['leadMinutes', 'storePolicy.testDrives.leadMinutes', { min: 0, max: 2_880 }],
  ['horizonDays', 'storePolicy.testDrives.horizonDays', { min: 1, max: 30 }],
] as const;

function TestDrivesForm({ store, data, reload }: { store: string; data: TestDrivePolicy; reload: () => void }) {
  const t = useT();
  const [version, setVersion] = useState(data.version);
  return (
    <SectionForm
      name="test-drives"
      title="storePolicy.testDrives.title"
      intro="storePolicy.testDrives.intro"
      initial={Object.fromEntries(TEST_DRIVE_FIELDS.map(([key]) => [key, String(data[key])]))}
      reload={reload}
      build={(draft, problems) => {
        const values = Object.fromEntries(TEST_DRIVE_FIELDS.map(([key, , bounds]) => [key, readWhole(problems, key, draft[key] ?? '', bounds)])) as Record<(typeof TEST_DRIVE_FIELDS)[number][0], number>;
        return { version, ...values };
      }}
      save={(body) => saveTestDrivePolicy(store, body)}
      onSaved={(saved) => setVersion(saved.version)}
    >
      {(field) => (
        <>
          {TEST_DRIVE_FIELDS.map(([key, label]) => field(key, t(label)))}
          <p className="fine-print">{t('storePolicy.testDrives.slot', { minutes: data.slotMinutes })}</p>
        </>
      )}
    </SectionForm>
  );
}
