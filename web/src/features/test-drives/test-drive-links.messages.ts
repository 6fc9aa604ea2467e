import { defineMessages } from '../../i18n/define-messages';

// The links to book a test drive and to one's test drives, shown by first views; the booking pages' messages load with them.
export const testDriveLinksMessages = defineMessages({
  'zh-CN': {
    'testDrives.mine.link': '我的试驾',
    'testDrives.model.book': '预约试驾',
  },
  fr: {
    'testDrives.mine.link': 'Mes essais',
    'testDrives.model.book': 'Réserver un essai',
  },
  en: {
    'testDrives.mine.link': 'My test drives',
    'testDrives.model.book': 'Book a test drive',
  },
});
