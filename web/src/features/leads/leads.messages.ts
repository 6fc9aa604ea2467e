import { defineMessages } from '../../i18n/define-messages';

export const leadsMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
