import { defineMessages } from '../../i18n/define-messages';

export const notificationsMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
