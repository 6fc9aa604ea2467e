import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import {
  isCatalogCode,
  yuanTextToFen,
  type CatalogProblem,
  type LintFindings,
} from '../../features/catalog-admin/catalog-admin-rules';
import {
  catalogAdminPaths,
  catalogRefusal,
  createModel,
  createOption,
  createTrim,
  type AdminModel,
  type Availability,
  type NewModel,
} from '../../features/catalog-admin/catalog-admin.api';
import { useLocale, useT } from '../../i18n/i18n-context';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../i18n/locales';
import type { MessageKey } from '../../i18n/messages';

/*
 * The catalog console's forms: the pieces every one of them shares (its state, its refusal under
 * it, a labelled box with its problem beside it), and the forms that add a model, a trim or an
 * option. A server refusal goes beside the field its problem names, as a check before sending does.
 */

/** A problem shown beside what it is about, read out with it. */
export function InlineError({ id, children, testId }: { id?: string | undefined; children: ReactNode; testId?: string | undefined }) {
  return (
    <p className="form-message form-message--error" role="alert" id={id} data-testid={testId}>
      {children}
    </p>
  );
}

/** A form's own state: its refusal or its success, and whether it is sending. */
export function useSave(fields: readonly string[], onFindings: (findings: LintFindings | null) => void) {
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Record<string, CatalogProblem | MessageKey>>({});
  const [form, setForm] = useState<CatalogProblem | MessageKey | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [done, setDone] = useState(false);

  async function run(send: () => Promise<unknown>, onDone: () => void): Promise<void> {
    setBusy(true);
    setProblems({});
    setForm(null);
    setCodes([]);
    setDone(false);
    try {
      await send();
      setDone(true);
      onDone();
    } catch (error) {
      const view = catalogRefusal(error, fields);
      setProblems(view.fields);
      setForm(view.form);
      setCodes(view.codes);
      if (view.lint) onFindings(view.lint);
    } finally {
      setBusy(false);
    }
  }
  /** Problems found before sending: nothing is sent. */
  function refuse(found: Record<string, MessageKey>, formProblem: MessageKey | null = null) {
    setProblems(found);
    setForm(formProblem);
    setDone(false);
  }
  return { busy, problems, form, codes, done, run, refuse };
}

export type Save = ReturnType<typeof useSave>;

/** The form's button, its refusal under it (or its success). */
export function SaveRow({ save, label = 'catalogAdmin.save', doneLabel = 'catalogAdmin.saved' }: { save: Save; label?: MessageKey; doneLabel?: MessageKey }) {
  const t = useT();
  return (
    <>
      {save.form && <InlineError testId="catalog-refusal">{t(save.form)}</InlineError>}
      {save.done && (
        <p className="form-message form-message--success" role="status">
          {t(doneLabel)}
        </p>
      )}
      <button type="submit" className="button button--primary button--small" disabled={save.busy}>
        {save.busy ? t('catalogAdmin.saving') : t(label)}
      </button>
    </>
  );
}

interface BoxProps {
  /** The field's path in the request body, as problems name it. */
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  save: Save;
  hint?: string | undefined;
  lang?: Locale | undefined;
  inputMode?: 'numeric' | 'decimal' | undefined;
  code?: boolean | undefined;
}

/** A labelled text box with its problem beside it. */
function TextBox({ name, label, value, onChange, save, hint, lang, inputMode, code }: BoxProps) {
  const t = useT();
  const id = useId();
  const problem = save.problems[name];
  const describedBy = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="campaign-admin__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        className="booking__select"
        lang={lang}
        inputMode={inputMode}
        autoCapitalize={code ? 'none' : undefined}
        autoCorrect={code ? 'off' : undefined}
        spellCheck={code ? false : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p className="fine-print" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && <InlineError id={`${id}-error`}>{t(problem)}</InlineError>}
    </div>
  );
}

/** A labelled select with its problem beside it. */
function SelectBox({ name, label, value, onChange, save, choices }: Omit<BoxProps, 'hint' | 'lang' | 'inputMode' | 'code'> & { choices: { value: string; label: string }[] }) {
  const t = useT();
  const id = useId();
  const problem = save.problems[name];
  return (
    <div className="campaign-admin__field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        className="booking__select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {problem && <InlineError id={`${id}-error`}>{t(problem)}</InlineError>}
    </div>
  );
}

type Texts = Record<Locale, string>;
const NO_TEXT: Texts = { 'zh-CN': '', fr: '', en: '' };
const trimmed = (text: Texts): Texts => ({ 'zh-CN': text['zh-CN'].trim(), fr: text.fr.trim(), en: text.en.trim() });
const localizedFields = (prefix: string) => LOCALES.map((language) => `${prefix}.${language}`);

/** One box per language for a localized text (`name.zh-CN`, `name.fr`, `name.en`). */
function LocalizedBoxes({ prefix, label, value, onChange, save }: { prefix: string; label: MessageKey; value: Texts; onChange(value: Texts): void; save: Save }) {
  const t = useT();
  return (
    <>
      {LOCALES.map((language) => (
        <TextBox
          key={language}
          name={`${prefix}.${language}`}
          label={t(label, { language: LOCALE_NAMES[language] })}
          lang={language}
          value={value[language]}
          onChange={(text) => onChange({ ...value, [language]: text })}
          save={save}
        />
      ))}
    </>
  );
}

/** Every language filled in, or a problem beside each empty one. */
function requireTexts(prefix: string, value: Texts, found: Record<string, MessageKey>): void {
  for (const language of LOCALES) if (!value[language].trim()) found[`${prefix}.${language}`] = 'catalogAdmin.error.required';
}

/** A section that opens on demand, so that a phone's page stays short: its title is the button. */
function Adder({ title, open, testId, children }: { title: MessageKey; open?: boolean | undefined; testId: string; children: ReactNode }) {
  const t = useT();
  return (
    <details className="catalog-admin__adder" open={open} data-testid={testId}>
      <summary className="button button--secondary button--small">{t(title)}</summary>
      {children}
    </details>
  );
}

// Bodies the storefront's filters name (features/catalog/range-filters.tsx).
const BODIES = ['suv', 'crossover', 'mpv', 'coupe'] as const;
const BODY_LABEL: Record<(typeof BODIES)[number], MessageKey> = { suv: 'body.suv', crossover: 'body.crossover', mpv: 'body.mpv', coupe: 'body.coupe' };
const POWERTRAINS = ['ICE', 'HEV', 'PHEV', 'BEV'] as const;
const POWERTRAIN_LABEL: Record<(typeof POWERTRAINS)[number], MessageKey> = {
  ICE: 'powertrain.ICE',
  HEV: 'powertrain.HEV',
  PHEV: 'powertrain.PHEV',
  BEV: 'powertrain.BEV',
};

/** A new model, created as a draft; the editor opens on it. */
export function NewModelForm({ store }: { store: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [, navigate] = useLocation();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState<Texts>(NO_TEXT);
  const [tagline, setTagline] = useState<Texts>(NO_TEXT);
  const [body, setBody] = useState<NewModel['body']>('suv');
  const [powertrain, setPowertrain] = useState<NewModel['powertrain']>('ICE');
  const [seats, setSeats] = useState('5');
  const [nev, setNev] = useState(false);
  const [origin, setOrigin] = useState<NewModel['origin']>('local');
  const save = useSave(['slug', ...localizedFields('name'), ...localizedFields('tagline'), 'body', 'powertrain', 'seats', 'nev', 'origin'], () => {});

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, MessageKey> = {};
    const code = slug.trim();
    if (!isCatalogCode(code)) found.slug = code ? 'catalogAdmin.error.code' : 'catalogAdmin.error.required';
    requireTexts('name', name, found);
    requireTexts('tagline', tagline, found);
    const seatCount = /^\d$/.test(seats.trim()) ? Number(seats.trim()) : 0;
    if (seatCount < 1 || seatCount > 9) found.seats = 'catalogAdmin.model.seatsInvalid';
    if (Object.keys(found).length > 0) return save.refuse(found);
    const model: NewModel = { slug: code, name: trimmed(name), tagline: trimmed(tagline), body, powertrain, seats: seatCount, nev, origin };
    void save.run(() => createModel(store, model, locale), () => navigate(catalogAdminPaths.model(store, code)));
  }

  return (
    <Adder title="catalogAdmin.newModel.title" testId="catalog-new-model">
      <form className="panel catalog-admin__section" onSubmit={submit} noValidate>
        <p className="panel__intro">{t('catalogAdmin.newModel.intro')}</p>
        <TextBox name="slug" label={t('catalogAdmin.newModel.slug')} hint={t('catalogAdmin.code.hint')} value={slug} onChange={setSlug} save={save} code />
        <LocalizedBoxes prefix="name" label="catalogAdmin.model.name" value={name} onChange={setName} save={save} />
        <LocalizedBoxes prefix="tagline" label="catalogAdmin.model.tagline" value={tagline} onChange={setTagline} save={save} />
        <SelectBox
          name="body"
          label={t('catalogAdmin.newModel.body')}
          value={body}
          onChange={(value) => setBody(value)}
          save={save}
          choices={BODIES.map((value) => ({ value, label: t(BODY_LABEL[value]) }))}
        />
        <SelectBox
          name="powertrain"
          label={t('catalogAdmin.newModel.powertrain')}
          value={powertrain}
          onChange={(value) => {
            setPowertrain(value as NewModel['powertrain']);
            // A battery car is a new-energy vehicle; a hybrid may or may not be, so it is left to the box.
            if (value === 'BEV') setNev(true);
          }}
          save={save}
          choices={POWERTRAINS.map((value) => ({ value, label: t(POWERTRAIN_LABEL[value]) }))}
        />
        <label className="catalog-admin__check">
          <input type="checkbox" name="nev" checked={nev} onChange={(event) => setNev(event.target.checked)} />
          {t('catalogAdmin.newModel.nev')}
        </label>
        <TextBox name="seats" label={t('catalogAdmin.model.seats')} inputMode="numeric" value={seats} onChange={setSeats} save={save} />
        <SelectBox
          name="origin"
          label={t('catalogAdmin.newModel.origin')}
          value={origin}
          onChange={(value) => setOrigin(value as NewModel['origin'])}
          save={save}
          choices={[
            { value: 'local', label: t('catalogAdmin.newModel.local') },
            { value: 'import', label: t('catalogAdmin.newModel.import') },
          ]}
        />
        <SaveRow save={save} label="catalogAdmin.newModel.create" doneLabel="catalogAdmin.added" />
      </form>
    </Adder>
  );
}

interface AddProps {
  store: string;
  model: AdminModel;
  onSaved(): void;
  onFindings(findings: LintFindings | null): void;
}

/** A new trim of the model, its list price typed in yuan. Open at once on a model with none. */
export function NewTrimForm({ store, model, onSaved, onFindings }: AddProps) {
  const t = useT();
  const { locale } = useLocale();
  const [code, setCode] = useState('');
  const [name, setName] = useState<Texts>(NO_TEXT);
  const [engine, setEngine] = useState('');
  const [price, setPrice] = useState('');
  const save = useSave(['code', ...localizedFields('name'), 'engine', 'price'], onFindings);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, MessageKey> = {};
    const trimCode = code.trim();
    if (!isCatalogCode(trimCode)) found.code = trimCode ? 'catalogAdmin.error.code' : 'catalogAdmin.error.required';
    requireTexts('name', name, found);
    if (!engine.trim()) found.engine = 'catalogAdmin.error.required';
    const fen = yuanTextToFen(price);
    if (fen === null) found.price = 'catalogAdmin.error.amount';
    if (Object.keys(found).length > 0 || fen === null) return save.refuse(found);
    void save.run(
      () => createTrim(store, model.slug, { code: trimCode, name: trimmed(name), engine: engine.trim(), price: fen }, locale),
      () => {
        setCode('');
        setName(NO_TEXT);
        setEngine('');
        setPrice('');
        onSaved();
      },
    );
  }

  return (
    <Adder title="catalogAdmin.newTrim.title" open={model.trims.length === 0 || undefined} testId="catalog-new-trim">
      <form className="catalog-admin__row" onSubmit={submit} noValidate>
        <TextBox name="code" label={t('catalogAdmin.newTrim.code')} hint={t('catalogAdmin.code.hint')} value={code} onChange={setCode} save={save} code />
        <LocalizedBoxes prefix="name" label="catalogAdmin.model.name" value={name} onChange={setName} save={save} />
        <TextBox name="engine" label={t('catalogAdmin.newTrim.engine')} value={engine} onChange={setEngine} save={save} />
        <TextBox name="price" label={t('catalogAdmin.trims.price')} inputMode="decimal" value={price} onChange={setPrice} save={save} />
        <SaveRow save={save} label="catalogAdmin.newTrim.create" doneLabel="catalogAdmin.added" />
      </form>
    </Adder>
  );
}

const AVAILABILITY_LABEL: Record<Availability, MessageKey> = {
  standard: 'catalogAdmin.availability.standard',
  optional: 'catalogAdmin.availability.optional',
  unavailable: 'catalogAdmin.availability.unavailable',
};

/** A new option in one of the model's groups: its price in yuan, its availability on each trim (optional unless changed). */
export function NewOptionForm({ store, model, onSaved, onFindings }: AddProps) {
  const t = useT();
  const { locale } = useLocale();
  const [group, setGroup] = useState(model.groups[0]?.code ?? '');
  const [code, setCode] = useState('');
  const [name, setName] = useState<Texts>(NO_TEXT);
  const [price, setPrice] = useState('0');
  const [swatch, setSwatch] = useState('#c8c8c8');
  const [availability, setAvailability] = useState<Record<string, Availability>>({});
  const swatchId = useId();
  const save = useSave(['group', 'code', ...localizedFields('name'), 'price', 'swatch', ...model.trims.map((trim) => `availability.${trim.code}`)], onFindings);
  const paint = group === 'paint';

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, MessageKey> = {};
    const optionCode = code.trim();
    if (!isCatalogCode(optionCode)) found.code = optionCode ? 'catalogAdmin.error.code' : 'catalogAdmin.error.required';
    requireTexts('name', name, found);
    const fen = yuanTextToFen(price);
    if (fen === null) found.price = 'catalogAdmin.error.amount';
    if (Object.keys(found).length > 0 || fen === null) return save.refuse(found);
    const option = {
      code: optionCode,
      group,
      name: trimmed(name),
      price: fen,
      ...(paint ? { swatch } : {}),
      ...(Object.keys(availability).length > 0 ? { availability } : {}),
    };
    void save.run(
      () => createOption(store, model.slug, option, locale),
      () => {
        setCode('');
        setName(NO_TEXT);
        setPrice('0');
        setAvailability({});
        onSaved();
      },
    );
  }

  return (
    <Adder title="catalogAdmin.newOption.title" testId="catalog-new-option">
      <form className="catalog-admin__row" onSubmit={submit} noValidate>
        <SelectBox
          name="group"
          label={t('catalogAdmin.newOption.group')}
          value={group}
          onChange={setGroup}
          save={save}
          choices={model.groups.map((g) => ({ value: g.code, label: g.name[locale] }))}
        />
        <TextBox name="code" label={t('catalogAdmin.newOption.code')} hint={t('catalogAdmin.code.hint')} value={code} onChange={setCode} save={save} code />
        <LocalizedBoxes prefix="name" label="catalogAdmin.model.name" value={name} onChange={setName} save={save} />
        <TextBox name="price" label={t('catalogAdmin.options.price')} inputMode="decimal" value={price} onChange={setPrice} save={save} />
        {paint && (
          <div className="campaign-admin__field">
            <label htmlFor={swatchId}>{t('catalogAdmin.newOption.swatch')}</label>
            <input id={swatchId} type="color" value={swatch} onChange={(event) => setSwatch(event.target.value)} />
          </div>
        )}
        {model.trims.length > 0 && (
          <fieldset className="catalog-admin__availability">
            <legend>{t('catalogAdmin.options.availability')}</legend>
            {model.trims.map((trim) => (
              <SelectBox
                key={trim.code}
                name={`availability.${trim.code}`}
                label={trim.name[locale]}
                value={availability[trim.code] ?? 'optional'}
                onChange={(value) => setAvailability({ ...availability, [trim.code]: value as Availability })}
                save={save}
                choices={(['standard', 'optional', 'unavailable'] as const).map((value) => ({ value, label: t(AVAILABILITY_LABEL[value]) }))}
              />
            ))}
          </fieldset>
        )}
        <SaveRow save={save} label="catalogAdmin.newOption.create" doneLabel="catalogAdmin.added" />
      </form>
    </Adder>
  );
}

