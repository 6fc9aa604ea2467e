import { defineMessages } from '../../i18n/define-messages';

export const ordersMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
