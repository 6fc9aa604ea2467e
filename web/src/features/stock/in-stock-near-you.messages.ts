import { defineMessages } from '../../i18n/define-messages';

// The model page's pointer to cars in stock, a first view; the stock pages' messages load with them.
export const inStockNearYouMessages = defineMessages({
  'zh-CN': {
    'stock.inStock': '{count} 辆现车',
    'stock.inStockNear': '附近有 {count} 辆现车',
  },
  fr: {
    'stock.inStock': { one: '{count} véhicule en stock', other: '{count} véhicules en stock' },
    'stock.inStockNear': { one: '{count} véhicule en stock près de chez vous', other: '{count} véhicules en stock près de chez vous' },
  },
  en: {
    'stock.inStock': { one: '{count} car in stock', other: '{count} cars in stock' },
    'stock.inStockNear': { one: '{count} car in stock near you', other: '{count} cars in stock near you' },
  },
});
