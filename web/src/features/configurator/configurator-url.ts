import type { Selection } from './engine';

/*
 * The configurator keeps its whole state in the address, so a reload, the back button or a link
 * sent to a friend opens the same car: /renault/models/koleos/configure?trim=…&o=a,b&step=wheels.
 * Option codes are [a-z0-9-], so the list stays readable with bare commas.
 */

export interface ConfiguratorAddress {
  trim: string | undefined;
  options: string[];
  step: string | undefined;
}

export function parseConfiguratorSearch(search: string): ConfiguratorAddress {
  const params = new URLSearchParams(search);
  const options = (params.get('o') ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  return { trim: params.get('trim') || undefined, options, step: params.get('step') || undefined };
}

export function configuratorHref(store: string, slug: string, selection: Selection, step?: string): string {
  const parts = [`trim=${encodeURIComponent(selection.trim)}`];
  if (selection.options.length > 0) parts.push(`o=${selection.options.map(encodeURIComponent).join(',')}`);
  if (step) parts.push(`step=${encodeURIComponent(step)}`);
  return `/${store}/models/${encodeURIComponent(slug)}/configure?${parts.join('&')}`;
}

export function sameSelection(a: Selection, b: Selection): boolean {
  return a.trim === b.trim && a.options.length === b.options.length && a.options.every((code, i) => b.options[i] === code);
}
