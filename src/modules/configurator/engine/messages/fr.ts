import { joinList, shortName, type Phrasebook, type Ref, type Step } from './text.js';

// French names are quoted « » behind "l'option" / "la finition", so agreement never depends on the name.

const q = (name: string) => `« ${shortName(name)} »`;
const opt = (name: string) => `l'option ${q(name)}`;
const trimOf = (name: string) => `la finition ${q(name)}`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ou = (items: string[]) => joinList(items, ' ou ');
const et = (items: string[]) => joinList(items, ' et ');

/** Alternatives: "l'une des options « A » ou « B »", "la finition « T »". */
function alternatives(targets: Ref[]): string {
  const options = targets.flatMap((t) => (t.kind === 'option' ? [q(t.name)] : t.kind === 'code' ? [`« ${t.code} »`] : []));
  const trims = targets.flatMap((t) => (t.kind === 'trim' ? [q(t.name)] : []));
  const parts: string[] = [];
  if (options.length === 1) parts.push(`l'option ${options[0]}`);
  if (options.length > 1) parts.push(`l'une des options ${ou(options)}`);
  if (trims.length === 1) parts.push(`la finition ${trims[0]}`);
  if (trims.length > 1) parts.push(`l'une des finitions ${ou(trims)}`);
  return ou(parts);
}

/** Everything listed: "l'option « A »", "les options « A » et « B »", "la finition « T »". */
function together(targets: Ref[]): string {
  const options = targets.flatMap((t) => (t.kind === 'option' ? [q(t.name)] : t.kind === 'code' ? [`« ${t.code} »`] : []));
  const trims = targets.flatMap((t) => (t.kind === 'trim' ? [q(t.name)] : []));
  const parts: string[] = [];
  if (options.length === 1) parts.push(`l'option ${options[0]}`);
  if (options.length > 1) parts.push(`les options ${et(options)}`);
  if (trims.length > 0) parts.push(`la finition ${et(trims)}`);
  return et(parts);
}

const refName = (ref: Ref) => (ref.kind === 'option' ? opt(ref.name) : ref.kind === 'trim' ? trimOf(ref.name) : `« ${ref.code} »`);

function infinitive(step: Step): string {
  switch (step.kind) {
    case 'switch_trim':
      return `passer à ${trimOf(step.trim)}`;
    case 'add':
      return `ajouter ${opt(step.option)}`;
    case 'replace':
      return `remplacer ${q(step.from)} par ${q(step.option)}`;
    case 'remove':
      return `retirer ${opt(step.option)}`;
  }
}

/** "de passer…", "d'ajouter…": the elision French requires before a vowel. */
const de = (phrase: string) => (/^[aeiouyéèêh]/iu.test(phrase) ? `d'${phrase}` : `de ${phrase}`);

export const fr: Phrasebook = {
  unknownTrim: (model, code) => `Le modèle ${model} ne propose pas de finition « ${code} ».`,
  unknownOption: (model, code) => `Le modèle ${model} ne propose pas d'option « ${code} ».`,
  duplicateOption: (o) => `${cap(opt(o))} est sélectionnée plusieurs fois.`,
  tooManyOptions: (model, count, max) => `${count} options sélectionnées, alors que le modèle ${model} n'en propose que ${max}.`,
  unavailableOnTrim: (o, trim) => `${cap(opt(o))} n'est pas disponible sur ${trimOf(trim)}.`,
  includedUnavailable: (p, o, trim) => `${cap(opt(p))} comprend ${opt(o)}, qui n'est pas disponible sur ${trimOf(trim)}.`,
  groupConflict: (group, options) =>
    `Un seul choix possible pour ${q(group)} : ${et(options.map(q))} ne peuvent pas être montés ensemble.`,
  groupRequired: (group) => `Veuillez choisir une option pour ${q(group)}.`,
  requiresUnmet: (o, targets) => `${cap(opt(o))} nécessite ${alternatives(targets)}.`,
  excludesConflict: (o, present) => `${cap(opt(o))} est incompatible avec ${together(present)}.`,

  summaryValid: () => 'Cette configuration est valide.',
  summaryFix: (steps) => `Pour rendre cette configuration valide, il faut ${et(steps.map(infinitive))}.`,
  summaryIntent: (intent, steps) => `Choisir ${refName(intent)} implique ${et(steps.map((s) => de(infinitive(s))))}.`,
  summaryIntentDropped: (model, intent, steps) =>
    `Aucune configuration valide du modèle ${model} ne peut comprendre ${refName(intent)} : ce choix a été retiré.` +
    (steps.length > 0 ? ` Pour rendre le reste valide, il faut ${et(steps.map(infinitive))}.` : ''),
  intentImpossible: (model, intent) => `Aucune configuration valide du modèle ${model} ne peut comprendre ${refName(intent)}.`,

  unreachableUnavailable: (o) => `${cap(opt(o))} n'est disponible sur aucune finition.`,
  unreachableByRule: (o, why) => `${cap(opt(o))} ne peut jamais être montée : ${why}`,
  unreachable: (o) => `Aucune configuration valide ne comprend ${opt(o)}.`,
  unknownSubject: (kind, code, model) => `Une règle « ${kind} » porte sur « ${code} », qui n'est pas une option du modèle ${model}.`,
  unknownTarget: (o, kind, code, model) =>
    `La règle « ${kind} » de ${opt(o)} cite « ${code} », qui n'est ni une option ni une finition du modèle ${model}.`,
  includesTrim: (o, trim) => `La règle « comprend » de ${opt(o)} cite ${trimOf(trim)} : seules des options peuvent être comprises.`,
  requiresExcluded: (o, targets) => `${cap(opt(o))} nécessite et exclut à la fois ${alternatives(targets)}.`,
  requiresImpossible: (o, targets) =>
    `${cap(opt(o))} nécessite ${alternatives(targets)}, mais rien de cela ne peut être monté sur une finition où ${opt(o)} est disponible.`,
  includesExcluded: (o, t) => `${cap(opt(o))} comprend et exclut à la fois ${opt(t)}.`,
  includesUnavailable: (o, t) =>
    `${cap(opt(o))} comprend ${opt(t)}, indisponible sur toutes les finitions où ${opt(o)} est disponible.`,
  includesGroupConflict: (o, group, targets) =>
    `${cap(opt(o))} comprend ${et(targets.map(q))}, alors qu'un seul choix est possible pour ${q(group)}.`,
  forcedConflict: (o, a, b) =>
    `${cap(opt(o))} ne peut jamais être montée : ses règles imposent ${q(a)} et ${q(b)}, qui ne peuvent pas être montés ensemble.`,
  forcedConflictWithSelf: (o, other) =>
    `${cap(opt(o))} ne peut jamais être montée : ses règles imposent ${opt(other)}, qui lui est incompatible.`,
  forcedTrims: (o, a, b) => `${cap(opt(o))} ne peut jamais être montée : ses règles imposent à la fois ${trimOf(a)} et ${trimOf(b)}.`,
};
