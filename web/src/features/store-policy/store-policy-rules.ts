/*
 * The rules of the policy forms, without React: what a typed value means, which fields are
 * wrong before sending, and which field a server refusal is about. Paths are the server's,
 * without "body." ("loan.maxMonths", "deposits[2].amount"), so both kinds of problem land on
 * the same field. No imports, so they are tested without a browser.
 */

/** The messages a field's problem may show (keys of store-policy.messages.ts). */
export type PolicyMessage =
  | 'storePolicy.error.range'
  | 'storePolicy.error.percent'
  | 'storePolicy.error.amount'
  | 'storePolicy.error.amountMin'
  | 'storePolicy.error.refused'
  | 'storePolicy.deposits.tooHigh'
  | 'storePolicy.deposits.unknownModel'
  | 'storePolicy.plates.unknownCity'
  | 'storePolicy.finance.monthsOrder'
  | 'storePolicy.finance.nothingToBorrow'
  | 'storePolicy.finance.sharesAbovePrice'
  | 'storePolicy.testDrives.perModelAboveUpcoming'
  | 'storePolicy.testDrives.upcomingAboveWindow'
  | 'storePolicy.testDrives.leadBeyondHorizon';

/** A refusal as the rules read it: its status and code, the fields it names and the bounds it gives. */
export interface Refusal {
  status: number;
  code: string | undefined;
  errors: Array<{ path: string; message: string }>;
  limits: Array<{ path: string; max: number }>;
}

export interface FieldProblem {
  key: PolicyMessage;
  params?: Record<string, string | number>;
}
export type Problems = Record<string, FieldProblem>;

/** What goes wrong with the whole form rather than one field. */
export type FormProblem = 'storePolicy.error.stale' | 'storePolicy.error.generic' | 'storePolicy.error.network' | 'storePolicy.error.fields';

/** A whole number typed in a field, or null. */
export function wholeNumber(value: string): number | null {
  const plain = value.trim();
  return /^\d{1,9}$/.test(plain) ? Number(plain) : null;
}

/** "4.99" (percent) → 499 basis points; null for anything else. */
export function percentToBasisPoints(value: string): number | null {
  const plain = value.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, cents = ''] = plain.split('.') as [string, string?];
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

export function basisPointsToPercent(bp: number): string {
  return bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, '');
}

/** "169,800" or "169800.50" yuan → fen; null for anything that is not an amount. */
export function yuanToFen(value: string): number | null {
  const plain = value.replace(/[,\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, cents = ''] = plain.split('.') as [string, string?];
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

export function fenToYuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

export interface Bounds {
  min: number;
  max: number;
}

/** Reads a whole number within bounds into `out`, or records the field's problem. */
export function readWhole(problems: Problems, path: string, text: string, bounds: Bounds): number {
  const value = wholeNumber(text);
  if (value === null || value < bounds.min || value > bounds.max) problems[path] = { key: 'storePolicy.error.range', params: { min: bounds.min, max: bounds.max } };
  return value ?? 0;
}

/** Reads a percentage (0–max %) into basis points, or records the field's problem. */
export function readPercent(problems: Problems, path: string, text: string, maxBasisPoints: number): number {
  const value = percentToBasisPoints(text);
  if (value === null || value > maxBasisPoints) problems[path] = { key: 'storePolicy.error.percent', params: { max: maxBasisPoints / 100 } };
  return value ?? 0;
}

/** Reads an amount in yuan into fen, or records the field's problem. */
export function readYuan(problems: Problems, path: string, text: string, minFen = 0): number {
  const value = yuanToFen(text);
  if (value === null || value < minFen) problems[path] = { key: minFen > 0 ? 'storePolicy.error.amountMin' : 'storePolicy.error.amount', params: { min: fenToYuan(minFen) } };
  return value ?? 0;
}

/** The message of a refused field the server names, by what the rule was. */
function serverMessage(path: string, status: number, limit: number | undefined, formatMax: (fen: number) => string): FieldProblem {
  if (/^deposits\[\d+\]\.amount$/.test(path)) {
    return limit !== undefined ? { key: 'storePolicy.deposits.tooHigh', params: { max: formatMax(limit) } } : { key: 'storePolicy.error.amount' };
  }
  if (/^deposits\[\d+\]\.model$/.test(path)) return { key: 'storePolicy.deposits.unknownModel' };
  if (/^cities\[\d+\]\.code$/.test(path)) return { key: 'storePolicy.plates.unknownCity' };
  if (status === 422) {
    const rule: Record<string, PolicyMessage> = {
      'loan.maxMonths': 'storePolicy.finance.monthsOrder',
      'loan.minDownBasisPoints': 'storePolicy.finance.nothingToBorrow',
      'loan.nevMinDownBasisPoints': 'storePolicy.finance.nothingToBorrow',
      'lease.balloonBasisPoints': 'storePolicy.finance.sharesAbovePrice',
      maxUpcomingPerModel: 'storePolicy.testDrives.perModelAboveUpcoming',
      maxUpcoming: 'storePolicy.testDrives.upcomingAboveWindow',
      leadMinutes: 'storePolicy.testDrives.leadBeyondHorizon',
    };
    const key = rule[path];
    if (key) return { key };
  }
  return { key: 'storePolicy.error.refused' };
}

/**
 * A failed save as the form shows it: each field the server names, with its message, and
 * what to say above the button. A stale version is told as such: reload, then redo.
 */
export function problemsOfRefusal(refusal: Refusal | null, formatMax: (fen: number) => string): { fields: Problems; form: FormProblem } {
  if (!refusal) return { fields: {}, form: 'storePolicy.error.network' };
  if (refusal.code === 'STORE_POLICY_STALE') return { fields: {}, form: 'storePolicy.error.stale' };
  const fields: Problems = {};
  for (const error of refusal.errors) {
    const path = error.path.replace(/^body\./, '');
    const limit = refusal.limits.find((candidate: { path: string; max: number }) => candidate.path === error.path)?.max;
    fields[path] ??= serverMessage(path, refusal.status, limit, formatMax);
  }
  return { fields, form: Object.keys(fields).length > 0 ? 'storePolicy.error.fields' : 'storePolicy.error.generic' };
}
