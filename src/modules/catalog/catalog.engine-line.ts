import type { Locale } from '../../shared/locale.js';

/*
 * A trim's engine line is a fact written in a fixed notation, comma-separated parts of
 * space-separated terms: "2.0L CVT 2WD", "BEV, ~27 kWh, ~250-270 km NEDC, 2WD". The figures and
 * technical names (2.0L, CVT, EDC7, kWh, NEDC) read the same in every language; the few words
 * of the notation (drive, powertrain, "about") are said the way each language says them. A term
 * this does not know is shown as written, so a new engine line never reads worse than before.
 */

const TERMS: Record<string, Record<Locale, string>> = {
  '2WD': { 'zh-CN': '两驱', fr: '4x2', en: '2WD' },
  '4WD': { 'zh-CN': '四驱', fr: '4x4', en: '4WD' },
  AWD: { 'zh-CN': '四驱', fr: '4x4', en: 'AWD' },
  BEV: { 'zh-CN': '纯电动', fr: '100 % électrique', en: 'Electric' },
  PHEV: { 'zh-CN': '插电混动', fr: 'Hybride rechargeable', en: 'Plug-in hybrid' },
  HEV: { 'zh-CN': '油电混动', fr: 'Hybride', en: 'Hybrid' },
};

const SEPARATOR: Record<Locale, string> = { 'zh-CN': '，', fr: ', ', en: ', ' };

/** "~27 kWh": the battery's capacity. */
const BATTERY = /^(~)?(\d+(?:\.\d+)?) ?kWh$/;
/** "~250-270 km NEDC": the range on a test cycle. */
const RANGE = /^(~)?(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?) ?km (NEDC|WLTP|CLTC|EPA)$/;

function about(approximate: boolean, figure: string, locale: Locale): string {
  if (!approximate) return figure;
  return locale === 'zh-CN' ? `约${figure}` : locale === 'fr' ? `env. ${figure}` : `~${figure}`;
}

function part(text: string, locale: Locale): string {
  const battery = BATTERY.exec(text);
  if (battery) {
    const capacity = about(Boolean(battery[1]), `${battery[2]} kWh`, locale);
    return locale === 'zh-CN' ? `电池${capacity}` : locale === 'fr' ? `batterie ${capacity}` : `${capacity} battery`;
  }
  const range = RANGE.exec(text);
  if (range) {
    const distance = about(Boolean(range[1]), `${range[2]} km`, locale);
    const cycle = range[3]!;
    return locale === 'zh-CN' ? `${cycle}续航${distance}` : locale === 'fr' ? `autonomie ${cycle} ${distance}` : `${distance} range (${cycle})`;
  }
  return text
    .split(' ')
    .map((term) => TERMS[term]?.[locale] ?? term)
    .join(' ');
}

/** The engine line in the buyer's language: "2.0L CVT 2WD" reads "2.0L CVT 两驱" in Chinese, "2.0L CVT 4x2" in French. */
export function engineLine(engine: string, locale: Locale): string {
  return engine
    .split(',')
    .map((text) => part(text.trim(), locale))
    .filter(Boolean)
    .join(SEPARATOR[locale]);
}
