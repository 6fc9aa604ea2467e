import { joinList, shortName, type Phrasebook, type Ref, type Step } from './text.js';

// Chinese names stand alone; lists use 、 with 或 (alternatives) or 和 (together).

const n = (name: string) => shortName(name);
const huo = (items: string[]) => joinList(items, '或', '、');
const he = (items: string[]) => joinList(items, '和', '、');
const refName = (ref: Ref) => (ref.kind === 'code' ? `“${ref.code}”` : n(ref.name));

/** "A，B，并C": a sequence of steps. */
function sequence(items: string[]): string {
  return joinList(items, '，并', '，');
}

function step(s: Step): string {
  switch (s.kind) {
    case 'switch_trim':
      return `切换至${n(s.trim)}`;
    case 'add':
      return `添加${n(s.option)}`;
    case 'replace':
      return `将${n(s.from)}更换为${n(s.option)}`;
    case 'remove':
      return `移除${n(s.option)}`;
  }
}

export const zh: Phrasebook = {
  unknownTrim: (model, code) => `${model}没有“${code}”这一版本。`,
  unknownOption: (model, code) => `${model}没有“${code}”这一选装项。`,
  duplicateOption: (o) => `${n(o)}被重复选择。`,
  tooManyOptions: (model, count, max) => `选择了${count}个选装项，但${model}只有${max}个选装项。`,
  unavailableOnTrim: (o, trim) => `${n(trim)}不提供${n(o)}。`,
  includedUnavailable: (p, o, trim) => `${n(p)}包含${n(o)}，但${n(trim)}不提供${n(o)}。`,
  groupConflict: (group, options) => `${n(group)}只能选择一项：${he(options.map(n))}不能同时选装。`,
  groupRequired: (group) => `请选择${n(group)}。`,
  requiresUnmet: (o, targets) => `${n(o)}需要${huo(targets.map(refName))}。`,
  excludesConflict: (o, present) =>
    present.every((t) => t.kind === 'trim')
      ? `${n(o)}不能在${he(present.map(refName))}上选装。`
      : `${n(o)}不能与${he(present.map(refName))}同时选装。`,

  summaryValid: () => '当前配置有效。',
  summaryFix: (steps) => `要使配置有效，需要${sequence(steps.map(step))}。`,
  summaryIntent: (intent, steps) => `选择${refName(intent)}需要${sequence(steps.map(step))}。`,
  summaryIntentDropped: (model, intent, steps) =>
    `${model}没有任何有效配置能包含${refName(intent)}，已将其移除。` +
    (steps.length > 0 ? `另外需要${sequence(steps.map(step))}。` : ''),
  intentImpossible: (model, intent) => `${model}没有任何有效配置能包含${refName(intent)}。`,

  unreachableUnavailable: (o) => `${n(o)}在所有版本上均不可选。`,
  unreachableByRule: (o, why) => `${n(o)}永远无法选装：${why}`,
  unreachable: (o) => `没有任何有效配置包含${n(o)}。`,
  unknownSubject: (kind, code, model) => `一条“${kind}”规则涉及“${code}”，但它不是${model}的选装项。`,
  unknownTarget: (o, kind, code, model) => `${n(o)}的“${kind}”规则引用了“${code}”，它既不是${model}的选装项，也不是版本。`,
  includesTrim: (o, trim) => `${n(o)}的“包含”规则引用了版本${n(trim)}；只能包含选装项。`,
  requiresExcluded: (o, targets) => `${n(o)}同时需要并排斥${huo(targets.map(refName))}。`,
  requiresImpossible: (o, targets) => `${n(o)}需要${huo(targets.map(refName))}，但在提供${n(o)}的版本上都无法满足。`,
  includesExcluded: (o, t) => `${n(o)}既包含又排斥${n(t)}。`,
  includesUnavailable: (o, t) => `${n(o)}包含${n(t)}，但提供${n(o)}的版本都不提供${n(t)}。`,
  includesGroupConflict: (o, group, targets) => `${n(o)}包含${he(targets.map(n))}，但${n(group)}只能选择一项。`,
  forcedConflict: (o, a, b) => `${n(o)}永远无法选装：其规则会同时带入${n(a)}和${n(b)}，而两者不能同时选装。`,
  forcedConflictWithSelf: (o, other) => `${n(o)}永远无法选装：其规则会带入${n(other)}，而两者不能同时选装。`,
  forcedTrims: (o, a, b) => `${n(o)}永远无法选装：其规则同时要求${n(a)}和${n(b)}。`,
};
