// A messages module in one language (build/locale-messages.ts, web/src/i18n/load-messages.ts):
// imported for the messages it adds to the catalogue.
declare module '*?locale=zh-CN' {}
declare module '*?locale=fr' {}
declare module '*?locale=en' {}
