import type { ConfigurableModel } from '../configurator/configurations.service.js';
import type { LocalizedText } from '../../shared/locale.js';

export interface Edition {
  model: { slug: string; name: LocalizedText };
  trim: { code: string; name: LocalizedText };
  options: Array<{ code: string; name: LocalizedText; price: number }>;
  colour: { code: string; name: LocalizedText } | null;
}

/** The edition's names in every locale, as an order's snapshot keeps them; undefined if the catalog no longer has its trim. */
export function editionOf(model: ConfigurableModel, trimCode: string, optionCodes: string[]): Edition | undefined {
  const trim = model.model.trims.find((t) => t.code === trimCode);
  if (!trim) return undefined;
  const chosen = model.model.groups.flatMap((group) => group.options.filter((o) => optionCodes.includes(o.code)).map((option) => ({ group: group.code, option })));
  const paint = chosen.find((o) => o.group === 'paint');
  return {
    model: { slug: model.model.slug, name: model.model.name },
    trim: { code: trim.code, name: trim.name },
    options: chosen.map(({ option }) => ({ code: option.code, name: option.name, price: option.availability[trim.code] === 'standard' ? 0 : option.price })),
    colour: paint ? { code: paint.option.code, name: paint.option.name } : null,
  };
}

/** The code a claim names an edition by, unless the brand chose one: its paint, else its place in the list. */
export function defaultEditionCode(edition: Edition, position: number): string {
  return edition.colour?.code ?? `edition-${position}`;
}
