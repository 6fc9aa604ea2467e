import { defineMessages } from '../../i18n/define-messages';

// Opening hours, services and the way to the dealer finder, as the first views show them; the rest loads with the dealer pages.
export const dealerBitsMessages = defineMessages({
  'zh-CN': {
    'dealers.findLink': '查找附近的经销商',
    'dealers.service.sales': '销售',
    'dealers.service.test_drive': '试驾',
    'dealers.service.delivery': '交车',
    'dealers.service.service': '售后',
    'dealers.openNow': '营业中',
    'dealers.closedNow': '已打烊',
    'dealers.closedToday': '今日休息',
    'dealers.hoursToday': '今日 {open}–{close}',
    'dealers.noHours': '营业时间未提供',
    'dealers.services': '服务项目',
  },
  fr: {
    'dealers.findLink': 'Trouver une concession près de chez vous',
    'dealers.service.sales': 'Vente',
    'dealers.service.test_drive': 'Essai',
    'dealers.service.delivery': 'Livraison',
    'dealers.service.service': 'Après-vente',
    'dealers.openNow': 'Ouvert',
    'dealers.closedNow': 'Fermé',
    'dealers.closedToday': "Fermé aujourd'hui",
    'dealers.hoursToday': "Aujourd'hui {open}–{close}",
    'dealers.noHours': 'Horaires non communiqués',
    'dealers.services': 'Services',
  },
  en: {
    'dealers.findLink': 'Find a dealer near you',
    'dealers.service.sales': 'Sales',
    'dealers.service.test_drive': 'Test drive',
    'dealers.service.delivery': 'Delivery',
    'dealers.service.service': 'After-sales',
    'dealers.openNow': 'Open now',
    'dealers.closedNow': 'Closed now',
    'dealers.closedToday': 'Closed today',
    'dealers.hoursToday': 'Today {open}–{close}',
    'dealers.noHours': 'Opening hours not given',
    'dealers.services': 'Services',
  },
});
