import { defineMessages } from '../../i18n/define-messages';

export const testDrivesMessages = defineMessages({
  'zh-CN': {},
  fr: {},
  en: {},
});
