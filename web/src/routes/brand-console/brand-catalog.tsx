import { useId, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ApiError, isNotFound } from '../../api/client';
import { useRequest } from '../../api/use-request';
import {
  checkRules,
  fenToYuanText,
  findingsAbout,
  findingsAboutRule,
  incompleteness,
  parseCodes,
  yuanTextToFen,
  type CatalogProblem,
  type LintFindings,
  type RuleDraft,
  type RuleKind,
  type RuleProblem,
} from '../../features/catalog-admin/catalog-admin-rules';
import {
  catalogAdminPaths,
  catalogRefusal,
  fetchAdminModel,
  fetchAdminModels,
  fetchLint,
  saveOption,
  saveRules,
  saveTrim,
  updateModel,
  type AdminModel,
  type AdminOption,
  type AdminTrim,
  type Availability,
  type LintReport,
  type ModelStatus,
} from '../../features/catalog-admin/catalog-admin.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';
import { formatMoney } from '../../ui/price';
import { InlineError, NewModelForm, NewOptionForm, NewTrimForm, SaveRow, useSave } from './brand-catalog-forms';
import { ErrorState, PageSpinner } from '../../ui/request-states';

export const brandCatalogPath = catalogAdminPaths.list;

const STATUS_LABEL: Record<ModelStatus, MessageKey> = {
  draft: 'catalogAdmin.status.draft',
  active: 'catalogAdmin.status.active',
  retired: 'catalogAdmin.status.retired',
};
const AVAILABILITY_LABEL: Record<Availability, MessageKey> = {
  standard: 'catalogAdmin.availability.standard',
  optional: 'catalogAdmin.availability.optional',
  unavailable: 'catalogAdmin.availability.unavailable',
};
const AVAILABILITIES: readonly Availability[] = ['standard', 'optional', 'unavailable'];
const RULE_KINDS: readonly RuleKind[] = ['requires', 'excludes', 'includes'];
const RULE_KIND_LABEL: Record<RuleKind, MessageKey> = {
  requires: 'catalogAdmin.rules.requires',
  excludes: 'catalogAdmin.rules.excludes',
  includes: 'catalogAdmin.rules.includes',
};

function StatusBadge({ status }: { status: ModelStatus }) {
  const t = useT();
  return (
    <span className="campaign-badge" data-state={status === 'active' ? 'live' : status} data-testid="catalog-status">
      {t(STATUS_LABEL[status])}
    </span>
  );
}

/** The lint's messages about an option or a rule, beside it. */
function Findings({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="catalog-admin__findings" role="alert" data-testid="catalog-finding">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

// ---- /admin/{store}/catalog ----

/** The store's models in every state, each opening its editor. */
export function BrandCatalog({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const models = useRequest((signal) => fetchAdminModels(store, locale, signal), [store, locale]);
  return (
    <section className="campaign-admin catalog-admin" aria-labelledby="catalog-admin-title">
      <h2 id="catalog-admin-title">{t('catalogAdmin.title')}</h2>
      <p className="fine-print">{t('catalogAdmin.intro')}</p>
      <NewModelForm store={store} />
      {models.error ? (
        <ErrorState onRetry={models.retry} />
      ) : !models.data ? (
        <PageSpinner />
      ) : models.data.length === 0 ? (
        <p className="empty-note">{t('catalogAdmin.empty')}</p>
      ) : (
        <ul className="catalog-admin__models" data-testid="catalog-models">
          {models.data.map((model) => (
            <li key={model.slug} className="catalog-admin__model" data-model={model.slug} data-status={model.status}>
              <div>
                <Link href={catalogAdminPaths.model(store, model.slug)} className="catalog-admin__model-name">
                  {model.name}
                </Link>
                <p className="fine-print">
                  {model.slug} · {model.powertrain} · {model.body}
                </p>
              </div>
              <StatusBadge status={model.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---- /admin/{store}/catalog/{model} ----

/** One model's editor: its fields, trims and options with their prices, its rules, and the check before publishing. */
export function BrandCatalogModel({ store, model }: { store: string; model: string }) {
  const t = useT();
  const { locale } = useLocale();
  const detail = useRequest((signal) => fetchAdminModel(store, model, locale, signal), [store, model, locale]);
  /** The last lint findings, from a check or a refusal: shown beside the options and rules they name. */
  const [findings, setFindings] = useState<LintFindings | null>(null);

  const back = (
    <Link href={catalogAdminPaths.list(store)} className="catalog-admin__back">
      {t('catalogAdmin.back')}
    </Link>
  );
  if (detail.error) {
    return (
      <div className="catalog-admin">
        {back}
        {isNotFound(detail.error) || (detail.error instanceof ApiError && detail.error.status === 400) ? <p className="empty-note">{t('catalogAdmin.notFound')}</p> : <ErrorState onRetry={detail.retry} />}
      </div>
    );
  }
  if (!detail.data || detail.data.slug !== model) return <PageSpinner />;
  const data = detail.data;
  const saved = () => {
    setFindings(null);
    detail.retry();
  };
  const props = { store, model: data, onSaved: saved, findings, onFindings: setFindings };

  return (
    <div className="catalog-admin" data-testid="catalog-model" data-model={data.slug} data-status={data.status}>
      {back}
      <div className="campaign-admin__head">
        <h2>{data.name[locale]}</h2>
        <StatusBadge status={data.status} />
      </div>
      {data.status === 'active' && <p className="fine-print">{t('catalogAdmin.liveNote')}</p>}
      <CheckPanel {...props} />
      <ModelFieldsForm {...props} />
      <section className="panel catalog-admin__section" aria-labelledby="catalog-trims-title">
        <h3 className="panel__title" id="catalog-trims-title">
          {t('catalogAdmin.trims.title')}
        </h3>
        {data.trims.length === 0 ? (
          <p className="empty-note">{t('catalogAdmin.trims.empty')}</p>
        ) : (
          data.trims.map((trim) => <TrimRow key={trim.code} {...props} trim={trim} />)
        )}
        <NewTrimForm key={`new-trim-${data.trims.length}`} {...props} />
      </section>
      <section className="panel catalog-admin__section" aria-labelledby="catalog-options-title">
        <h3 className="panel__title" id="catalog-options-title">
          {t('catalogAdmin.options.title')}
        </h3>
        <p className="panel__intro">{t('catalogAdmin.options.intro')}</p>
        {data.groups.map((group) => (
          <div key={group.code} className="catalog-admin__group">
            <h4>{group.name[locale]}</h4>
            {group.options.length === 0 ? (
              <p className="empty-note">{t('catalogAdmin.options.empty')}</p>
            ) : (
              group.options.map((option) => <OptionRow key={option.code} {...props} option={option} />)
            )}
          </div>
        ))}
        <NewOptionForm key={`new-option-${data.trims.map((trim) => trim.code).join(',')}`} {...props} />
      </section>
      <RulesEditor {...props} />
    </div>
  );
}

interface EditorProps {
  store: string;
  model: AdminModel;
  onSaved(): void;
  findings: LintFindings | null;
  onFindings(findings: LintFindings | null): void;
}

/** The model's names, taglines and seats. */
function ModelFieldsForm({ store, model, onSaved, onFindings }: EditorProps) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [name, setName] = useState<Record<Locale, string>>(model.name);
  const [tagline, setTagline] = useState<Record<Locale, string>>(model.tagline);
  const [seats, setSeats] = useState(String(model.seats));
  const fields = [...LOCALES.map((l) => `name.${l}`), ...LOCALES.map((l) => `tagline.${l}`), 'seats'];
  const save = useSave(fields, onFindings);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, MessageKey> = {};
    for (const language of LOCALES) {
      if (!name[language].trim()) found[`name.${language}`] = 'catalogAdmin.error.required';
      if (!tagline[language].trim()) found[`tagline.${language}`] = 'catalogAdmin.error.required';
    }
    const seatCount = /^\d$/.test(seats.trim()) ? Number(seats.trim()) : 0;
    if (seatCount < 1 || seatCount > 9) found.seats = 'catalogAdmin.model.seatsInvalid';
    if (Object.keys(found).length > 0) return save.refuse(found);
    const trimmed = (text: Record<Locale, string>) => ({ 'zh-CN': text['zh-CN'].trim(), fr: text.fr.trim(), en: text.en.trim() });
    void save.run(() => updateModel(store, model.slug, { name: trimmed(name), tagline: trimmed(tagline), seats: seatCount }, locale), onSaved);
  }

  const field = (key: string, label: string, value: string, onChange: (value: string) => void, language?: Locale) => {
    const problem = save.problems[key];
    return (
      <div className="campaign-admin__field" key={key}>
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <input
          id={`${id}-${key}`}
          className="booking__select"
          lang={language}
          inputMode={key === 'seats' ? 'numeric' : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-${key}-error` : undefined}
        />
        {problem && <InlineError id={`${id}-${key}-error`}>{t(problem)}</InlineError>}
      </div>
    );
  };

  return (
    <form className="panel catalog-admin__section" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="catalog-model-form">
      <h3 className="panel__title" id={`${id}-title`}>
        {t('catalogAdmin.model.title')}
      </h3>
      {LOCALES.map((language) => field(`name.${language}`, t('catalogAdmin.model.name', { language: LOCALE_NAMES[language] }), name[language], (value) => setName({ ...name, [language]: value }), language))}
      {LOCALES.map((language) =>
        field(`tagline.${language}`, t('catalogAdmin.model.tagline', { language: LOCALE_NAMES[language] }), tagline[language], (value) => setTagline({ ...tagline, [language]: value }), language),
      )}
      {field('seats', t('catalogAdmin.model.seats'), seats, setSeats)}
      <SaveRow save={save} />
    </form>
  );
}

/** One trim: its price, typed in yuan. */
function TrimRow({ store, model, trim, onSaved, onFindings }: EditorProps & { trim: AdminTrim }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [price, setPrice] = useState<string | null>(null);
  const save = useSave(['price'], onFindings);
  const shown = price ?? fenToYuanText(trim.price);

  function submit(event: FormEvent) {
    event.preventDefault();
    const fen = yuanTextToFen(shown);
    if (fen === null) return save.refuse({ price: 'catalogAdmin.error.amount' });
    void save.run(() => saveTrim(store, model.slug, trim.code, { price: fen }, locale), () => {
      setPrice(null);
      onSaved();
    });
  }
  const problem = save.problems.price;
  return (
    <form className="catalog-admin__row" onSubmit={submit} noValidate data-testid="catalog-trim" data-trim={trim.code}>
      <div className="catalog-admin__row-head">
        <strong>{trim.name[locale]}</strong>
        <span className="fine-print">
          {trim.code} · {formatMoney({ amount: trim.price, currency: model.currency }, locale)}
        </span>
      </div>
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-price`}>{t('catalogAdmin.trims.price')}</label>
        <input
          id={`${id}-price`}
          className="booking__select"
          inputMode="decimal"
          value={shown}
          onChange={(event) => setPrice(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-price-error` : undefined}
        />
        {problem && <InlineError id={`${id}-price-error`}>{t(problem)}</InlineError>}
      </div>
      <SaveRow save={save} />
    </form>
  );
}

/** One option: its price in yuan and its availability on each trim. */
function OptionRow({ store, model, option, onSaved, findings, onFindings }: EditorProps & { option: AdminOption }) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [price, setPrice] = useState<string | null>(null);
  const [availability, setAvailability] = useState<Record<string, Availability>>({});
  const fields = ['price', ...model.trims.map((trim) => `availability.${trim.code}`)];
  const save = useSave(fields, onFindings);
  const shownPrice = price ?? fenToYuanText(option.price);
  // A trim the option names no availability for offers it as an option, as the configurator reads it.
  const availabilityOn = (trim: string): Availability => availability[trim] ?? option.availability[trim] ?? 'optional';

  function submit(event: FormEvent) {
    event.preventDefault();
    const fen = yuanTextToFen(shownPrice);
    if (fen === null) return save.refuse({ price: 'catalogAdmin.error.amount' });
    const changes = { price: fen, ...(Object.keys(availability).length > 0 ? { availability } : {}) };
    void save.run(() => saveOption(store, model.slug, option.code, changes, locale), () => {
      setPrice(null);
      setAvailability({});
      onSaved();
    });
  }
  const priceProblem = save.problems.price;
  return (
    <form className="catalog-admin__row" onSubmit={submit} noValidate data-testid="catalog-option" data-option={option.code}>
      <div className="catalog-admin__row-head">
        <strong>{option.name[locale]}</strong>
        <span className="fine-print">
          {option.code} · {formatMoney({ amount: option.price, currency: model.currency }, locale)}
        </span>
      </div>
      <div className="campaign-admin__field">
        <label htmlFor={`${id}-price`}>{t('catalogAdmin.options.price')}</label>
        <input
          id={`${id}-price`}
          className="booking__select"
          inputMode="decimal"
          value={shownPrice}
          onChange={(event) => setPrice(event.target.value)}
          aria-invalid={priceProblem ? true : undefined}
          aria-describedby={priceProblem ? `${id}-price-error` : undefined}
        />
        {priceProblem && <InlineError id={`${id}-price-error`}>{t(priceProblem)}</InlineError>}
      </div>
      <fieldset className="catalog-admin__availability">
        <legend>{t('catalogAdmin.options.availability')}</legend>
        {model.trims.map((trim) => {
          const problem = save.problems[`availability.${trim.code}`];
          return (
            <div className="campaign-admin__field" key={trim.code}>
              <label htmlFor={`${id}-${trim.code}`}>{trim.name[locale]}</label>
              <select
                id={`${id}-${trim.code}`}
                className="booking__select"
                value={availabilityOn(trim.code)}
                onChange={(event) => setAvailability({ ...availability, [trim.code]: event.target.value as Availability })}
                aria-invalid={problem ? true : undefined}
              >
                {AVAILABILITIES.map((value) => (
                  <option key={value} value={value}>
                    {t(AVAILABILITY_LABEL[value])}
                  </option>
                ))}
              </select>
              {problem && <InlineError>{t(problem)}</InlineError>}
            </div>
          );
        })}
      </fieldset>
      <Findings messages={findingsAbout(findings, option.code)} />
      <SaveRow save={save} />
    </form>
  );
}

/** The model's rules, replaced as a whole: an option requires, excludes or includes other options or trims. */
function RulesEditor({ store, model, onSaved, findings, onFindings }: EditorProps) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const fromModel = (): RuleDraft[] => model.rules.map((rule) => ({ kind: rule.kind, option: rule.option, targets: rule.targets.join(', ') }));
  const [rules, setRules] = useState<RuleDraft[] | null>(null);
  const shown = rules ?? fromModel();
  const [checked, setChecked] = useState<Map<number, RuleProblem>>(new Map());
  const save = useSave(
    shown.map((_, index) => `rules.${index}`),
    onFindings,
  );
  const options = model.groups.flatMap((group) => group.options);
  const optionCodes = options.map((option) => option.code);
  const known = [...model.trims.map((trim) => trim.code), ...optionCodes];

  const change = (index: number, rule: Partial<RuleDraft>) => setRules(shown.map((current, at) => (at === index ? { ...current, ...rule } : current)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = checkRules(shown, optionCodes, known);
    setChecked(problems);
    if (problems.size > 0) return save.refuse({}, 'catalogAdmin.rules.error.fix');
    const body = shown.map((rule) => ({ kind: rule.kind, option: rule.option, targets: parseCodes(rule.targets) }));
    void save.run(() => saveRules(store, model.slug, body, locale), () => {
      setRules(null);
      onSaved();
    });
  }

  return (
    <form className="panel catalog-admin__section" onSubmit={submit} noValidate aria-labelledby={`${id}-title`} data-testid="catalog-rules">
      <h3 className="panel__title" id={`${id}-title`}>
        {t('catalogAdmin.rules.title')}
      </h3>
      <p className="panel__intro">{t('catalogAdmin.rules.intro')}</p>
      {shown.length === 0 && <p className="empty-note">{t('catalogAdmin.rules.empty')}</p>}
      <datalist id={`${id}-codes`}>
        {known.map((code) => (
          <option key={code} value={code} />
        ))}
      </datalist>
      <ol className="catalog-admin__rules">
        {shown.map((rule, index) => {
          const targets = parseCodes(rule.targets);
          const problem = checked.get(index) ?? save.problems[`rules.${index}`];
          const unknownNamed = save.codes.filter((code) => code === rule.option || targets.includes(code));
          const messages = findingsAboutRule(findings, { kind: rule.kind, option: rule.option, targets });
          const invalid = Boolean(problem) || unknownNamed.length > 0 || messages.length > 0;
          return (
            <li key={index} className="catalog-admin__rule" data-testid="catalog-rule" data-invalid={invalid || undefined}>
              <div className="campaign-admin__field">
                <label htmlFor={`${id}-${index}-option`}>{t('catalogAdmin.rules.option')}</label>
                <select id={`${id}-${index}-option`} className="booking__select" value={rule.option} onChange={(event) => change(index, { option: event.target.value })} aria-invalid={invalid || undefined}>
                  {!optionCodes.includes(rule.option) && <option value={rule.option}>{rule.option || t('catalogAdmin.rules.pickOption')}</option>}
                  {options.map((option) => (
                    <option key={option.code} value={option.code}>
                      {option.name[locale]} ({option.code})
                    </option>
                  ))}
                </select>
              </div>
              <div className="campaign-admin__field">
                <label htmlFor={`${id}-${index}-kind`}>{t('catalogAdmin.rules.kind')}</label>
                <select id={`${id}-${index}-kind`} className="booking__select" value={rule.kind} onChange={(event) => change(index, { kind: event.target.value as RuleKind })}>
                  {RULE_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(RULE_KIND_LABEL[kind])}
                    </option>
                  ))}
                </select>
              </div>
              <div className="campaign-admin__field">
                <label htmlFor={`${id}-${index}-targets`}>{t('catalogAdmin.rules.targets')}</label>
                <input
                  id={`${id}-${index}-targets`}
                  className="booking__select"
                  list={`${id}-codes`}
                  autoCapitalize="none"
                  spellCheck={false}
                  value={rule.targets}
                  onChange={(event) => change(index, { targets: event.target.value })}
                  aria-invalid={invalid || undefined}
                />
                <p className="fine-print">{t('catalogAdmin.rules.targetsHint')}</p>
              </div>
              {problem && <InlineError>{t(problem)}</InlineError>}
              {unknownNamed.length > 0 && <InlineError>{t('catalogAdmin.rules.error.unknownNamed', { code: unknownNamed.join(', ') })}</InlineError>}
              <Findings messages={messages} />
              <button type="button" className="button button--secondary button--small" onClick={() => setRules(shown.filter((_, at) => at !== index))}>
                {t('catalogAdmin.rules.remove')}
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setRules([...shown, { kind: 'requires', option: optionCodes[0] ?? '', targets: '' }])}
        data-testid="catalog-add-rule"
      >
        {t('catalogAdmin.rules.add')}
      </button>
      {findings && findings.unreachableOptions.length > 0 && save.form === 'catalogAdmin.error.lintFailed' && (
        <Findings messages={findings.unreachableOptions.map((finding) => finding.message)} />
      )}
      <SaveRow save={save} label="catalogAdmin.rules.save" />
    </form>
  );
}

/** The check before publishing: what the lint finds, then publish (or withdraw a published model). */
function CheckPanel({ store, model, onSaved, onFindings }: EditorProps) {
  const t = useT();
  const { locale } = useLocale();
  const id = useId();
  const [report, setReport] = useState<LintReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkFailed, setCheckFailed] = useState<CatalogProblem | null>(null);
  /** The findings a refused publication carried. */
  const [refusedFindings, setRefusedFindings] = useState<LintFindings | null>(null);
  const publish = useSave([], (found) => {
    onFindings(found);
    setRefusedFindings(found);
  });

  async function check() {
    setChecking(true);
    setCheckFailed(null);
    try {
      const answer = await fetchLint(store, model.slug, locale);
      setReport(answer);
      setRefusedFindings(null);
      onFindings(answer.publishable ? null : answer);
    } catch (error) {
      setCheckFailed(catalogRefusal(error, []).form);
    } finally {
      setChecking(false);
    }
  }
  function setStatus(status: ModelStatus) {
    if (status === 'retired' && !window.confirm(t('catalogAdmin.check.retireConfirm', { name: model.name[locale] }))) return;
    setRefusedFindings(null);
    void publish.run(
      () => updateModel(store, model.slug, { status }, locale),
      () => {
        setReport(null);
        setRefusedFindings(null);
        onSaved();
      },
    );
  }

  const shown: LintFindings | null = refusedFindings ?? report;
  // Why no car can be built yet, named in the console's words beside the lint's own findings.
  const gaps = incompleteness(model.trims, model.groups);
  const showGaps = (refusedFindings !== null || (report !== null && !report.publishable)) && (gaps.noTrim || gaps.emptyGroups.length > 0);
  const groupName = (code: string) => model.groups.find((group) => group.code === code)?.name[locale] ?? code;
  return (
    <section className="panel catalog-admin__section catalog-admin__check" aria-labelledby={`${id}-title`} data-testid="catalog-check">
      <h3 className="panel__title" id={`${id}-title`}>
        {t('catalogAdmin.check.title')}
      </h3>
      <p className="panel__intro">{t('catalogAdmin.check.intro')}</p>
      <div className="campaign-admin__actions">
        <button type="button" className="button button--secondary button--small" disabled={checking} onClick={() => void check()}>
          {checking ? t('catalogAdmin.check.checking') : t('catalogAdmin.check.run')}
        </button>
        {model.status !== 'active' ? (
          <button type="button" className="button button--primary button--small" disabled={publish.busy} onClick={() => setStatus('active')}>
            {publish.busy ? t('catalogAdmin.saving') : t('catalogAdmin.check.publish')}
          </button>
        ) : (
          <button type="button" className="button button--secondary button--small" disabled={publish.busy} onClick={() => setStatus('retired')}>
            {t('catalogAdmin.check.retire')}
          </button>
        )}
      </div>
      {checkFailed && <InlineError>{t(checkFailed)}</InlineError>}
      {publish.form && <InlineError testId="catalog-refusal">{t(publish.form)}</InlineError>}
      {report && (
        <p className={`form-message ${report.publishable ? 'form-message--success' : 'form-message--error'}`} role="status" data-testid="catalog-check-verdict">
          {t(report.publishable ? 'catalogAdmin.check.clean' : 'catalogAdmin.check.notClean')}
          {!report.complete && ` ${t('catalogAdmin.check.incomplete')}`}
        </p>
      )}
      {showGaps && (
        <div className="catalog-admin__findings" role="alert" data-testid="catalog-check-gaps">
          <p>{t('catalogAdmin.check.unsellable')}</p>
          <ul>
            {gaps.noTrim && <li>{t('catalogAdmin.check.noTrim')}</li>}
            {gaps.emptyGroups.map((code) => (
              <li key={code} data-group={code}>
                {t('catalogAdmin.check.emptyGroup', { group: groupName(code) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {shown && (shown.unreachableOptions.length > 0 || shown.contradictoryRules.length > 0) && (
        <ul className="catalog-admin__findings" data-testid="catalog-check-findings">
          {shown.unreachableOptions.map((finding) => (
            <li key={`u-${finding.option}`}>{finding.message}</li>
          ))}
          {shown.contradictoryRules.map((finding) => (
            <li key={`c-${finding.message}`}>{finding.message}</li>
          ))}
        </ul>
      )}
      {report && (
        <dl className="catalog-admin__counts">
          {model.trims.map((trim) => {
            const count = report.validConfigurationsByTrim[trim.code] ?? 0;
            // A trim no car can be built on is worth the eye even when the model passes.
            return (
              <div key={trim.code} data-none={count === 0 || undefined}>
                <dt>{trim.name[locale]}</dt>
                <dd>{t('catalogAdmin.check.configurations', { count })}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
