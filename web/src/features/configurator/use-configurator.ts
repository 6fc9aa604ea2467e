import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { Translate } from '../../i18n/i18n-context';
import {
  chooseOne,
  conflictOf,
  priceOf,
  switchTrim,
  toggle,
  type Configurable,
  type Conflict,
  type Fix,
  type OptionGroup,
  type Outcome,
} from './choices';
import { useStore } from '../stores/store-context';
import { configuratorHref, parseConfiguratorSearch, sameSelection } from './configurator-url';
import type { PriceBreakdown, Selection } from './engine';

export const SUMMARY_STEP = 'summary';
const EXTRAS_STEP = 'extras';

export interface Step {
  id: string;
  title: string;
  groups: OptionGroup[];
}

/**
 * One step per single-choice group (paint, interior, wheels), the multiple-choice groups (packs,
 * accessories) together in one, then the summary: the catalog decides the steps, not the page.
 */
export function stepsOf(model: Configurable, t: Translate): Step[] {
  const steps: Step[] = [];
  let extras: Step | undefined;
  for (const group of model.detail.optionGroups) {
    if (group.choice === 'single') {
      steps.push({ id: group.code, title: group.name, groups: [group] });
    } else if (extras) {
      extras.groups.push(group);
      extras.title = t('configurator.step.extras');
    } else {
      extras = { id: EXTRAS_STEP, title: group.name, groups: [group] };
      steps.push(extras);
    }
  }
  steps.push({ id: SUMMARY_STEP, title: t('configurator.step.summary'), groups: [] });
  return steps;
}

/** What the buyer can take back after accepting a fix. */
export interface Undo {
  previous: Selection;
  fix: Fix;
  /** Where the conflict was shown, so the confirmation appears in its place. */
  anchor: Conflict['intent'];
}

export interface Configurator {
  selection: Selection;
  /** The live price of the selection; null only while a selection that arrived invalid is unresolved. */
  breakdown: PriceBreakdown | null;
  steps: Step[];
  step: Step;
  /** A choice just made that breaks a rule, or a selection that arrived invalid. */
  conflict: Conflict | null;
  undo: Undo | null;
  choose(group: OptionGroup, code: string): void;
  changeTrim(trim: string): void;
  applyFix(): void;
  dismiss(): void;
  undoFix(): void;
  goTo(step: string): void;
  /** Takes a whole selection at once, as the server proposed it. */
  replace(selection: Selection): void;
}

/**
 * The configurator's state. The valid selection and the step live in the address; a conflict
 * waiting for the buyer's answer, and the way back from an accepted fix, live here until the
 * next choice. Each step is an entry of the browser's history, so Back goes to the step before;
 * choices within a step replace its entry rather than pile up.
 */
export function useConfigurator(model: Configurable, t: Translate): Configurator {
  const { slug: store } = useStore();
  const search = useSearch();
  const [, navigate] = useLocation();
  const address = parseConfiguratorSearch(search);
  const { detail } = model;
  const knownTrim = detail.trims.some((trim) => trim.code === address.trim);
  const trim = knownTrim ? address.trim! : detail.trims[0]!.code;
  const optionsKey = address.options.join(',');
  const selection = useMemo<Selection>(() => ({ trim, options: address.options }), [trim, optionsKey]);

  const steps = useMemo(() => stepsOf(model, t), [model, t]);
  const step = steps.find((candidate) => candidate.id === address.step) ?? steps[0]!;

  const [pending, setPending] = useState<Conflict | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);

  // Another language is another compiled model: a conflict explained in the last one is dropped.
  useEffect(() => {
    setPending(null);
    setUndo(null);
  }, [model]);

  const breakdown = useMemo(() => priceOf(model, selection), [model, selection]);
  const arrivedInvalid = useMemo(() => (breakdown ? null : conflictOf(model, selection)), [model, selection, breakdown]);

  // Back and Forward move between steps and never undo choices: the entry of an earlier step holds
  // the selection of the moment it was left, so the latest one is carried into it. The latest is
  // what this hook last navigated to, not what was last rendered: the router renders the popped
  // entry before this hook hears of the popstate.
  const latest = useRef(selection);
  const go = (next: Selection, nextStep: string = step.id) => {
    latest.current = next;
    navigate(configuratorHref(store, detail.slug, next, nextStep), { replace: nextStep === step.id });
  };
  useEffect(() => {
    const path = configuratorHref(store, detail.slug, latest.current).split('?')[0];
    const onPopState = () => {
      if (window.location.pathname !== path) return;
      const arrived = parseConfiguratorSearch(window.location.search);
      const kept = latest.current;
      if (arrived.trim === kept.trim && sameSelection({ trim: kept.trim, options: arrived.options }, kept)) return;
      navigate(configuratorHref(store, detail.slug, kept, arrived.step), { replace: true });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [store, detail.slug, navigate]);

  // A link without a known trim opens on the first one, keeping its options.
  useEffect(() => {
    if (!knownTrim) go(selection);
  }, [knownTrim]);

  const settle = (outcome: Outcome) => {
    setUndo(null);
    if (outcome.kind === 'valid') {
      setPending(null);
      if (!sameSelection(outcome.selection, selection)) go(outcome.selection);
    } else {
      setPending(outcome.conflict);
    }
  };

  const conflict = pending ?? arrivedInvalid;

  return {
    selection,
    breakdown,
    steps,
    step,
    conflict,
    undo,
    choose(group, code) {
      settle(group.choice === 'single' ? chooseOne(model, selection, code) : toggle(model, selection, code));
    },
    changeTrim(code) {
      if (code === selection.trim) return;
      settle(switchTrim(model, selection, code));
    },
    applyFix() {
      const fix = conflict?.fix;
      if (!conflict || !fix) return;
      setPending(null);
      // A selection that arrived invalid has nothing valid to go back to.
      setUndo(conflict === pending ? { previous: selection, fix, anchor: conflict.intent } : null);
      go(fix.selection);
    },
    dismiss() {
      if (conflict === pending) setPending(null);
      // Dismissing a selection that arrived invalid starts again from the trim as it comes.
      else go({ trim: selection.trim, options: [] });
    },
    undoFix() {
      if (!undo) return;
      setUndo(null);
      go(undo.previous);
    },
    replace(next) {
      setPending(null);
      setUndo(null);
      go(next);
    },
    goTo(id) {
      setPending(null);
      setUndo(null);
      go(selection, id);
    },
  };
}
