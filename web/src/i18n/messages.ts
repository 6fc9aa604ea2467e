import type { Locale } from './locales';

/** A message is plain text, or a pair chosen by Intl.PluralRules on the `count` parameter. */
export type Message = string | { one: string; other: string };

const zhCN = {
  'layout.skipToContent': '跳到正文',
  'layout.footerNote': '价格为厂商建议零售价，最终价格以经销商报价为准。',
  'layout.staffLinks': '员工入口',
  'language.label': '语言',
  'nav.storefront': '在线展厅',
  'nav.dealer': '经销商工作台',
  'nav.admin': '品牌管理后台',

  'state.loading': '正在加载…',
  'state.errorTitle': '暂时无法加载',
  'state.errorBody': '请检查网络连接后重试。',
  'state.retry': '重试',

  'home.rangeTitle': '全系车型',
  'home.modelCount': '{count} 款车型',
  'home.empty': '暂无在售车型。',

  'model.from': '起售价',
  'model.estimate': '指导价（估）',
  'model.seats': '{count} 座',
  'model.trims': '{count} 款配置',
  'model.origin.local': '国产',
  'model.origin.import': '进口',
  'model.nev': '新能源',
  'model.picture': '{name} 外观示意图',
  'model.explore': '了解详情',

  'powertrain.ICE': '燃油',
  'powertrain.HEV': '油电混动',
  'powertrain.PHEV': '插电混动',
  'powertrain.BEV': '纯电动',

  'modelPage.back': '全系车型',
  'modelPage.trimsTitle': '配置与价格',
  'modelPage.notFoundTitle': '找不到该车型',
  'modelPage.notFoundBody': '该车型可能已下架，请浏览全系车型。',

  'console.dealer.title': '经销商工作台',
  'console.dealer.subtitle': '供授权经销商员工使用',
  'console.admin.title': '品牌管理后台',
  'console.admin.subtitle': '供品牌运营人员使用',
  'console.emptyTitle': '这里还没有内容',
  'console.emptyBody': '登录后，你的工作内容会显示在这里。',
  'console.backToStore': '返回在线展厅',

  'notFound.title': '页面不存在',
  'notFound.body': '你访问的页面不存在或已被移除。',
  'notFound.home': '返回首页',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof zhCN;
type Messages = Record<MessageKey, Message>;

const fr: Messages = {
  'layout.skipToContent': 'Aller au contenu',
  'layout.footerNote': 'Prix de vente conseillés par le constructeur ; le prix final est fixé par votre concessionnaire.',
  'layout.staffLinks': 'Espace professionnel',
  'language.label': 'Langue',
  'nav.storefront': 'Boutique en ligne',
  'nav.dealer': 'Console concessionnaire',
  'nav.admin': 'Console de la marque',

  'state.loading': 'Chargement…',
  'state.errorTitle': 'Chargement impossible',
  'state.errorBody': 'Vérifiez votre connexion, puis réessayez.',
  'state.retry': 'Réessayer',

  'home.rangeTitle': 'La gamme',
  'home.modelCount': { one: '{count} modèle', other: '{count} modèles' },
  'home.empty': 'Aucun modèle en vente pour le moment.',

  'model.from': 'À partir de',
  'model.estimate': 'Prix estimé',
  'model.seats': { one: '{count} place', other: '{count} places' },
  'model.trims': { one: '{count} finition', other: '{count} finitions' },
  'model.origin.local': 'Produit en Chine',
  'model.origin.import': 'Importé',
  'model.nev': 'Énergie nouvelle',
  'model.picture': 'Illustration de profil : {name}',
  'model.explore': 'Découvrir',

  'powertrain.ICE': 'Essence',
  'powertrain.HEV': 'Hybride',
  'powertrain.PHEV': 'Hybride rechargeable',
  'powertrain.BEV': '100 % électrique',

  'modelPage.back': 'Toute la gamme',
  'modelPage.trimsTitle': 'Finitions et prix',
  'modelPage.notFoundTitle': 'Modèle introuvable',
  'modelPage.notFoundBody': "Ce modèle n'est peut-être plus en vente. Découvrez toute la gamme.",

  'console.dealer.title': 'Console concessionnaire',
  'console.dealer.subtitle': 'Réservée au personnel des concessions',
  'console.admin.title': 'Console de la marque',
  'console.admin.subtitle': 'Réservée aux équipes de la marque',
  'console.emptyTitle': 'Rien à afficher pour le moment',
  'console.emptyBody': 'Une fois connecté, votre travail apparaîtra ici.',
  'console.backToStore': 'Retour à la boutique',

  'notFound.title': 'Page introuvable',
  'notFound.body': "La page demandée n'existe pas ou a été déplacée.",
  'notFound.home': "Retour à l'accueil",
};

const en: Messages = {
  'layout.skipToContent': 'Skip to content',
  'layout.footerNote': "Manufacturer's suggested retail prices; your dealer confirms the final price.",
  'layout.staffLinks': 'Staff',
  'language.label': 'Language',
  'nav.storefront': 'Storefront',
  'nav.dealer': 'Dealer console',
  'nav.admin': 'Brand console',

  'state.loading': 'Loading…',
  'state.errorTitle': "We couldn't load this page",
  'state.errorBody': 'Check your connection and try again.',
  'state.retry': 'Try again',

  'home.rangeTitle': 'The range',
  'home.modelCount': { one: '{count} model', other: '{count} models' },
  'home.empty': 'No models on sale right now.',

  'model.from': 'From',
  'model.estimate': 'Estimated price',
  'model.seats': { one: '{count} seat', other: '{count} seats' },
  'model.trims': { one: '{count} trim', other: '{count} trims' },
  'model.origin.local': 'Built in China',
  'model.origin.import': 'Imported',
  'model.nev': 'NEV',
  'model.picture': 'Side-view illustration of the {name}',
  'model.explore': 'Explore',

  'powertrain.ICE': 'Petrol',
  'powertrain.HEV': 'Hybrid',
  'powertrain.PHEV': 'Plug-in hybrid',
  'powertrain.BEV': 'Electric',

  'modelPage.back': 'All models',
  'modelPage.trimsTitle': 'Trims and prices',
  'modelPage.notFoundTitle': "We couldn't find this model",
  'modelPage.notFoundBody': 'It may no longer be on sale. Browse the whole range instead.',

  'console.dealer.title': 'Dealer console',
  'console.dealer.subtitle': 'For dealership staff',
  'console.admin.title': 'Brand console',
  'console.admin.subtitle': "For the brand's store team",
  'console.emptyTitle': 'Nothing here yet',
  'console.emptyBody': 'Once you are signed in, your work will show up here.',
  'console.backToStore': 'Back to the storefront',

  'notFound.title': 'Page not found',
  'notFound.body': 'The page you asked for does not exist or has moved.',
  'notFound.home': 'Back to home',
};

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, fr, en };

export type MessageParams = Record<string, string | number>;

export function formatMessage(message: Message, locale: Locale, params: MessageParams = {}): string {
  const text =
    typeof message === 'string'
      ? message
      : new Intl.PluralRules(locale).select(Number(params.count)) === 'one'
        ? message.one
        : message.other;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(params[name] ?? placeholder));
}
