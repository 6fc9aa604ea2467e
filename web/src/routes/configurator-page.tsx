import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Link } from 'wouter';
import { isNotFound } from '../api/client';
import { firstViewKeys } from '../api/first-view';
import { useRequest } from '../api/use-request';
import { fetchModel, storePaths, type ModelDetail } from '../features/catalog/catalog.api';
import { plateFor, useBuyerCity, usePlateFees } from '../features/dealers/buyer-city';
import { useStore } from '../features/stores/store-context';
import { StoreNotFound } from './not-found';
import { CarPlaceholder } from '../features/catalog/car-placeholder';
import { ArrowIcon } from '../features/catalog/model-card';
import { CheckIcon } from '../features/catalog/trim-comparison';
import { configurableOf, fittedCodes, paintSwatch, type Configurable, type OptionGroup } from '../features/configurator/choices';
import { ConflictCard, UndoNotice } from '../features/configurator/conflict-card';
import { OptionList, SwatchGrid } from '../features/configurator/option-picker';
import { FinanceNote, PriceBar } from '../features/configurator/price-bar';
import { StepNav } from '../features/configurator/step-nav';
import { SummaryStep, useSaver } from '../features/configurator/summary-step';
import { TrimPicker } from '../features/configurator/trim-picker';
import { SUMMARY_STEP, useConfigurator, type Configurator } from '../features/configurator/use-configurator';
import { useLocale, useT } from '../i18n/i18n-context';
import { StoreLayout } from '../ui/layout';
import { ErrorState, LoadingState, NotFoundState } from '../ui/request-states';
import '../features/configurator/configurator.css';

/** /:store/models/:slug/configure: paint, interior, wheels, packs, then the summary, priced live by the engine. */
export function ConfiguratorPage({ slug }: { slug: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { slug: storeSlug, summary: store } = useStore();
  const model = useRequest((signal) => fetchModel(storeSlug, slug, locale, signal), [storeSlug, slug, locale], firstViewKeys.model(storeSlug, slug, locale));
  // The buyer's city's plate fee (else the store's) goes into the live estimate, as the server applies it on save.
  const [city] = useBuyerCity();
  const plateFees = usePlateFees();

  useEffect(() => {
    if (model.data) document.title = t('configurator.documentTitle', { model: model.data.name });
  }, [model.data, t]);

  if (isNotFound(store.error)) return <StoreNotFound />;
  return (
    <StoreLayout>
      {isNotFound(model.error) ? (
        <NotFoundState title={t('modelPage.notFoundTitle')} body={t('modelPage.notFoundBody')} />
      ) : model.error || store.error ? (
        <ErrorState onRetry={model.error ? model.retry : store.retry} />
      ) : model.data && model.data.slug === slug && store.data ? (
        <LoadedConfigurator detail={model.data} plateFee={plateFor(plateFees.data, city, model.data.nev, store.data.plateFee.amount).amount} />
      ) : (
        <LoadingState>
          <div className="model-hero model-hero--skeleton" />
        </LoadingState>
      )}
    </StoreLayout>
  );
}

function LoadedConfigurator({ detail, plateFee }: { detail: ModelDetail; plateFee: number }) {
  // Compiled once per model and language: names in the engine's messages follow the page's language.
  const model = useMemo(() => configurableOf(detail, plateFee), [detail, plateFee]);
  return <Configurator model={model} />;
}

function Configurator({ model }: { model: Configurable }) {
  const t = useT();
  const { locale } = useLocale();
  const configurator = useConfigurator(model, t);
  const { detail } = model;
  const { selection, breakdown, steps, step, conflict, undo } = configurator;
  const saver = useSaver(detail.slug, selection, locale);
  const { slug: storeSlug } = useStore();
  const fitted = fittedCodes(breakdown);
  const paint = detail.optionGroups.find((group) => group.code === 'paint')?.options.find((option) => fitted.has(option.code));
  const stepIndex = steps.indexOf(step);
  const next = steps[stepIndex + 1];
  const conflictAt = conflict?.intent?.kind === 'trim' ? 'trim' : conflict?.intent ? model.groupOf.get(conflict.intent.code)?.code : 'top';
  const undoAt = undo?.anchor?.kind === 'trim' ? 'trim' : undo?.anchor ? model.groupOf.get(undo.anchor.code)?.code : undefined;

  // A new step starts at its tabs and title, not wherever the last one was scrolled to.
  const stepNavRef = useRef<HTMLDivElement>(null);
  const shownStep = useRef(step.id);
  useEffect(() => {
    if (shownStep.current === step.id) return;
    shownStep.current = step.id;
    const nav = stepNavRef.current;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (nav && nav.getBoundingClientRect().top < 72) nav.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });
  }, [step.id]);

  const conflictCard = conflict && (
    <ConflictCard model={model} conflict={conflict} current={breakdown} onFix={configurator.applyFix} onDismiss={configurator.dismiss} />
  );
  const undoNotice = undo && <UndoNotice model={model} undo={undo} onUndo={configurator.undoFix} />;

  const action =
    step.id === SUMMARY_STEP ? (
      saver.state.status === 'saved' ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => document.querySelector('.share')?.scrollIntoView({ block: 'start', behavior: 'smooth' })}
        >
          <CheckIcon />
          {t('summary.saved')}
        </button>
      ) : (
        <button type="button" className="button button--primary" disabled={!breakdown || saver.state.status === 'saving'} onClick={saver.save}>
          {saver.state.status === 'saving' ? t('summary.saving') : t('summary.save')}
        </button>
      )
    ) : (
      next && (
        <button type="button" className="button button--primary" onClick={() => configurator.goTo(next.id)} aria-label={t('configurator.nextTo', { step: next.title })}>
          {t('configurator.next')}
          <ArrowIcon />
        </button>
      )
    );

  return (
    <div className="configurator">
      <Link href={storePaths.model(storeSlug, detail.slug)} className="back-link">
        <span className="back-link__icon" aria-hidden="true">
          <ArrowIcon />
        </span>
        {detail.name}
      </Link>

      <section className="config-stage" aria-labelledby="config-model">
        <div className="config-stage__car">
          <CarPlaceholder body={detail.body} paint={paintSwatch(detail, fitted)} label={t('model.picture', { name: detail.name })} />
        </div>
        <div className="config-stage__text">
          <h1 className="config-stage__model" id="config-model">
            {detail.name}
          </h1>
          {paint && <p className="config-stage__detail">{paint.name}</p>}
        </div>
        <TrimPicker trims={detail.trims} current={selection.trim} onChange={configurator.changeTrim} />
      </section>
      {conflictAt === 'trim' && conflictCard}
      {undoAt === 'trim' && undoNotice}

      <div className="step-anchor" ref={stepNavRef}>
        <StepNav steps={steps} current={step.id} onStep={configurator.goTo} />
      </div>

      <section className="config-step" aria-labelledby="config-step-title">
        <h2 className="config-step__title" id="config-step-title">
          <span className="config-step__count">{t('configurator.stepOf', { current: stepIndex + 1, total: steps.length })}</span>
          {step.id === SUMMARY_STEP ? t('summary.heading') : step.title}
        </h2>
        {conflictAt === 'top' && conflictCard}
        {step.id === SUMMARY_STEP ? (
          breakdown && (
            <SummaryStep model={model} selection={selection} breakdown={breakdown} saver={saver} onApply={configurator.replace} />
          )
        ) : (
          step.groups.map((group) => (
            <GroupPicker key={group.code} model={model} group={group} configurator={configurator} showTitle={step.groups.length > 1}>
              {conflictAt === group.code && conflictCard}
              {undoAt === group.code && undoNotice}
            </GroupPicker>
          ))
        )}
        {step.id !== SUMMARY_STEP && <FinanceNote nev={detail.nev} />}
      </section>

      <PriceBar breakdown={breakdown} nev={detail.nev} action={action} />
    </div>
  );
}

function GroupPicker({
  model,
  group,
  configurator,
  showTitle,
  children,
}: {
  model: Configurable;
  group: OptionGroup;
  configurator: Configurator;
  showTitle: boolean;
  children: ReactNode;
}) {
  const { selection, breakdown, conflict } = configurator;
  const pendingCode = conflict?.intent?.kind === 'option' ? conflict.intent.code : undefined;
  const props = {
    model,
    group,
    selection,
    breakdown,
    pendingCode,
    onChoose: (code: string) => configurator.choose(group, code),
  };
  const titleId = `group-${group.code}`;
  return (
    <div className="option-group" role="group" aria-labelledby={showTitle ? titleId : 'config-step-title'}>
      {showTitle && (
        <h3 className="option-group__title" id={titleId}>
          {group.name}
        </h3>
      )}
      {group.options.every((option) => option.swatch) ? <SwatchGrid {...props} /> : <OptionList {...props} />}
      {children}
    </div>
  );
}
