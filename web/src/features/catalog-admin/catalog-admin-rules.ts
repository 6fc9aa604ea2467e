/*
 * The catalog console's pure rules: prices typed in yuan and sent in fen, rules typed as codes,
 * and where a refusal from the API is shown (beside the field, the option or the rule it is
 * about). No imports, so they are tested without a browser.
 */

/** 13580000 fen as the price box shows it: "135800", or "1358.05" when there are fen. */
export function fenToYuanText(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest === 0 ? String(yuan) : `${yuan}.${String(rest).padStart(2, '0')}`;
}

/** "135,800" or "135800.5" yuan as integer fen; null for anything that is not an amount. */
export function yuanTextToFen(text: string): number | null {
  const plain = text.replace(/[,，\s]/g, '');
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, fraction = ''] = plain.split('.') as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** "pk-roof, wh-19 pk-bose" (commas, Chinese commas or spaces) as the codes it names, each once. */
export function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,，、]+/).filter(Boolean))];
}

export type RuleKind = 'requires' | 'excludes' | 'includes';

export interface RuleRef {
  kind: string;
  option: string;
  targets: string[];
}

/** A rule as the editor holds it: its targets as typed. */
export interface RuleDraft {
  kind: RuleKind;
  option: string;
  targets: string;
}

export type RuleProblem = 'catalogAdmin.rules.error.option' | 'catalogAdmin.rules.error.targets' | 'catalogAdmin.rules.error.unknownTarget' | 'catalogAdmin.rules.error.self';

/** Each rule's first mistake before anything is sent, by its index: a code the model lacks, no target, itself as a target. */
export function checkRules(rules: readonly RuleDraft[], options: readonly string[], known: readonly string[]): Map<number, RuleProblem> {
  const problems = new Map<number, RuleProblem>();
  rules.forEach((rule, index) => {
    const targets = parseCodes(rule.targets);
    if (!options.includes(rule.option)) problems.set(index, 'catalogAdmin.rules.error.option');
    else if (targets.length === 0) problems.set(index, 'catalogAdmin.rules.error.targets');
    else if (targets.includes(rule.option)) problems.set(index, 'catalogAdmin.rules.error.self');
    else if (targets.some((code) => !known.includes(code))) problems.set(index, 'catalogAdmin.rules.error.unknownTarget');
  });
  return problems;
}

/** Whether two rules say the same thing (the lint names rules by their content, not by position). */
export function sameRule(a: RuleRef, b: RuleRef): boolean {
  return a.kind === b.kind && a.option === b.option && a.targets.length === b.targets.length && a.targets.every((code) => b.targets.includes(code));
}

/** What the lint found: options no car can have, rules that cannot hold together. */
export interface LintFindings {
  unreachableOptions: { option: string; message: string }[];
  contradictoryRules: { rules: RuleRef[]; message: string }[];
}

/** The lint's messages about one option: it is unreachable, or it is in a contradictory rule. */
export function findingsAbout(findings: LintFindings | null, code: string): string[] {
  if (!findings) return [];
  return [
    ...findings.unreachableOptions.filter((finding) => finding.option === code).map((finding) => finding.message),
    ...findings.contradictoryRules.filter((finding) => finding.rules.some((rule) => rule.option === code)).map((finding) => finding.message),
  ];
}

/** The lint's messages about one rule of the editor. */
export function findingsAboutRule(findings: LintFindings | null, rule: RuleRef): string[] {
  if (!findings) return [];
  return findings.contradictoryRules.filter((finding) => finding.rules.some((named) => sameRule(named, rule))).map((finding) => finding.message);
}

export type CatalogProblem =
  | 'catalogAdmin.error.network'
  | 'catalogAdmin.error.field'
  | 'catalogAdmin.error.lintFailed'
  | 'catalogAdmin.error.unknownCode'
  | 'catalogAdmin.error.codeClash'
  | 'catalogAdmin.error.exists'
  | 'catalogAdmin.error.tooComplex'
  | 'catalogAdmin.error.busy'
  | 'catalogAdmin.error.invalidChange'
  | 'catalogAdmin.error.forbidden'
  | 'catalogAdmin.error.notFound'
  | 'catalogAdmin.error.generic';

/** A refusal as the API sent it: its problem document's code, field errors and details. */
export interface CatalogRefusal {
  status: number;
  code: string | undefined;
  errors?: { path: string }[] | undefined;
  lint?: unknown;
  catalogCode?: unknown;
  clashingCode?: unknown;
}

/** Where a refusal shows: beside fields (by their path in the body), under the form, and the lint and codes it names. */
export interface CatalogRefusalView {
  fields: Record<string, CatalogProblem>;
  form: CatalogProblem | null;
  lint: LintFindings | null;
  codes: string[];
}

/**
 * A refusal, mapped to what the form shows: a validation problem goes beside the field its path
 * names (`body.price` to `price`, `body.name.fr` to `name.fr`, `body.availability.koleos-x` to
 * `availability.koleos-x`; `fields` lists the form's own); a lint refusal carries the findings,
 * shown beside the options and rules they name.
 */
export function catalogRefusalOf(refusal: CatalogRefusal | null, fields: readonly string[]): CatalogRefusalView {
  const view: CatalogRefusalView = { fields: {}, form: null, lint: null, codes: [] };
  if (!refusal) return { ...view, form: 'catalogAdmin.error.network' };
  switch (refusal.code) {
    case 'REQUEST_VALIDATION_FAILED': {
      for (const { path } of refusal.errors ?? []) {
        const inBody = path.replace(/^\/?body[./]?/, '').replace(/\//g, '.');
        // The longest field the path is in: `name.fr` before `name`.
        const field = [...fields].sort((a, b) => b.length - a.length).find((name) => inBody === name || inBody.startsWith(`${name}.`));
        if (field) view.fields[field] = 'catalogAdmin.error.field';
        else view.form = 'catalogAdmin.error.field';
      }
      if (Object.keys(view.fields).length === 0) view.form = 'catalogAdmin.error.field';
      return view;
    }
    case 'CATALOG_LINT_FAILED':
      return { ...view, form: 'catalogAdmin.error.lintFailed', lint: lintOf(refusal.lint) };
    case 'CATALOG_ALREADY_EXISTS': {
      // Beside the code box of a form that has one (`code`, or `slug` for a model).
      const field = fields.find((name) => name === 'code' || name === 'slug');
      if (field) return { ...view, fields: { [field]: 'catalogAdmin.error.exists' } };
      return { ...view, form: 'catalogAdmin.error.exists' };
    }
    case 'CATALOG_NOT_FOUND':
      return { ...view, form: 'catalogAdmin.error.unknownCode', codes: typeof refusal.catalogCode === 'string' ? [refusal.catalogCode] : [] };
    case 'CATALOG_CODE_CLASH':
      if (fields.includes('code')) return { ...view, fields: { code: 'catalogAdmin.error.codeClash' } };
      return { ...view, form: 'catalogAdmin.error.codeClash', codes: typeof refusal.clashingCode === 'string' ? [refusal.clashingCode] : [] };
    case 'CATALOG_MODEL_TOO_COMPLEX':
      return { ...view, form: 'catalogAdmin.error.tooComplex' };
    case 'CATALOG_LINT_BUSY':
      return { ...view, form: 'catalogAdmin.error.busy' };
    case 'CATALOG_INVALID_CHANGE':
      return { ...view, form: 'catalogAdmin.error.invalidChange' };
    case 'CATALOG_MODEL_NOT_FOUND':
      return { ...view, form: 'catalogAdmin.error.notFound' };
    default:
      if (refusal.status === 403) return { ...view, form: 'catalogAdmin.error.forbidden' };
      if (refusal.status === 503) return { ...view, form: 'catalogAdmin.error.busy' };
      return { ...view, form: 'catalogAdmin.error.generic' };
  }
}

/** The lint report a refusal carries, kept only if it has the shape the console reads. */
function lintOf(value: unknown): LintFindings | null {
  if (typeof value !== 'object' || value === null) return null;
  const { unreachableOptions, contradictoryRules } = value as Partial<LintFindings>;
  if (!Array.isArray(unreachableOptions) || !Array.isArray(contradictoryRules)) return null;
  return { unreachableOptions, contradictoryRules };
}

/** A code as the API takes it for a model, a trim or an option: lowercase letters, digits and hyphens. */
export function isCatalogCode(text: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(text);
}

/** A group of a model, as far as completeness goes. */
export interface GroupCompleteness {
  code: string;
  required: boolean;
  options: { availability: Record<string, string> }[];
}

/**
 * Why no car can be built yet, before the lint's own findings: no trim, or a required group
 * (paint, interior, wheels) with nothing a trim can take. Codes of the groups, in their order.
 */
export function incompleteness(trims: readonly { code: string }[], groups: readonly GroupCompleteness[]): { noTrim: boolean; emptyGroups: string[] } {
  const emptyGroups = groups
    .filter((group) => group.required)
    .filter((group) => trims.length === 0 || trims.every((trim) => group.options.every((option) => option.availability[trim.code] === 'unavailable')))
    .map((group) => group.code);
  return { noTrim: trims.length === 0, emptyGroups };
}
