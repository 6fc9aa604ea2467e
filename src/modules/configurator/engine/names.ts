import { localize } from '../../../shared/locale.js';
import type { CompiledModel, CompiledRule } from './compile.js';
import { phrasebook, type Phrasebook, type Ref } from './messages/index.js';
import type { Locale } from './types.js';

/** Localized names of one model's trims, options and groups, and the locale's phrasebook. */
export class Names {
  readonly say: Phrasebook;

  constructor(
    private readonly c: CompiledModel,
    readonly locale: Locale,
  ) {
    this.say = phrasebook(locale);
  }

  model(): string {
    return localize(this.c.model.name, this.locale);
  }

  option(o: number): string {
    const option = this.c.options[o];
    return option ? localize(option.name, this.locale) : String(o);
  }

  trim(t: number): string {
    const trim = this.c.trims[t];
    return trim ? localize(trim.name, this.locale) : String(t);
  }

  group(g: number): string {
    const group = this.c.groups[g];
    return group ? localize(group.name, this.locale) : String(g);
  }

  optionRef(o: number): Ref {
    return { kind: 'option', name: this.option(o) };
  }

  trimRef(t: number): Ref {
    return { kind: 'trim', name: this.trim(t) };
  }

  /** A rule's targets, options first, then trims, then codes the catalog does not know. */
  targets(rule: CompiledRule): Ref[] {
    return [
      ...rule.targetOptions.map((o) => this.optionRef(o)),
      ...rule.targetTrims.map((t) => this.trimRef(t)),
      ...rule.unknownTargets.map((code): Ref => ({ kind: 'code', code })),
    ];
  }
}
