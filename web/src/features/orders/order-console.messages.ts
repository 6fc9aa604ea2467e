import { defineMessages } from '../../i18n/define-messages';

export const orderConsoleMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
