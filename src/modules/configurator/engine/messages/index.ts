import type { Locale } from '../types.js';
import { en } from './en.js';
import { fr } from './fr.js';
import type { Phrasebook } from './text.js';
import { zh } from './zh.js';

export type { Phrasebook, Ref, Step } from './text.js';

const BOOKS: Record<Locale, Phrasebook> = { en, fr, 'zh-CN': zh };

export function phrasebook(locale: Locale): Phrasebook {
  return BOOKS[locale] ?? zh;
}
