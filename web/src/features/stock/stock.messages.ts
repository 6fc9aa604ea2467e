import { defineMessages } from '../../i18n/define-messages';

export const stockMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
