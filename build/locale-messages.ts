import path from 'node:path';
import { parseSync, type ESTree, type Plugin } from 'vite';

/*
 * The web app's messages are written one file per feature, every language of a message side by
 * side (`*.messages.ts`, each a defineMessages({ 'zh-CN': {…}, fr: {…}, en: {…} })): the clearest
 * place to add a message or a translation, with the type check telling a missing one. A page
 * needs only its own language, though. Imported with `?locale=fr`, a messages module is built with
 * its French messages alone, and the messages modules it imports come in French too: the browser
 * loads the app's messages that way (web/src/i18n/load-messages.ts). The server's render imports
 * them plainly, in every language.
 */

const LOCALES = ['zh-CN', 'fr', 'en'];
const LOCALE_QUERY = /\?locale=([^&]*)$/;

/** The id of the data block in index.html naming the first view's messages module of each language. */
const FIRST_VIEW_MESSAGES_ELEMENT_ID = 'first-view-messages';

/**
 * `firstViewMessages`: the module (absolute path) whose messages a page needs before its first
 * render. Its file in each language is named in index.html (a data block the browser ignores), so
 * the server can ask for it alongside the app's scripts on a page it renders (src/http/first-view.ts).
 */
export function localeMessages({ firstViewMessages }: { firstViewMessages: string }): Plugin {
  return {
    name: 'vitrine:locale-messages',
    // Before TypeScript is stripped: the module as written, which the parser reads as well.
    enforce: 'pre',

    resolveId: {
      // Messages modules are imported by relative path, without their extension.
      filter: { id: /^\..*\.messages$/ },
      handler(source, importer) {
        const [importerFile, locale] = importer?.split('?locale=') ?? [];
        if (!importerFile || locale === undefined) return null;
        return `${path.resolve(path.dirname(importerFile), source)}.ts?locale=${locale}`;
      },
    },

    transform: {
      filter: { id: /\.messages\.ts(?:\?locale=[^&]*)?$/ },
      handler(code, id) {
        const [file = '', locale] = id.split('?locale=');
        if (locale === undefined) {
          // In the browser's build, a messages module imported plainly would carry every language.
          if (this.environment.config.consumer === 'client') {
            this.error(`${file} is imported with every language: its messages load through web/src/i18n/load-messages.ts, anything else it exports belongs in another module`);
          }
          return null;
        }
        if (!LOCALES.includes(locale)) this.error(`${id}: no such language`);
        const calls = topLevelDefineMessages(parseSync(file, code).program);
        // A bundle made anywhere else would keep every language: refuse it rather than ship it.
        if (calls.length !== code.match(/\bdefineMessages\(/g)?.length) this.error(`${file}: defineMessages() must make the module's constants, where the build finds it`);
        // defineMessages() only types a bundle: the bundle is its object, here with one language in it.
        let inOneLanguage = code;
        for (const call of calls.reverse()) {
          const [bundle] = call.arguments;
          const messages = bundle?.type === 'ObjectExpression' ? bundle.properties.find((property) => property.type === 'Property' && keyName(property.key) === locale) : undefined;
          if (!messages) this.error(`${file}: a defineMessages() bundle without its ${locale} messages, written as a property of the object it is given`);
          inOneLanguage = `${inOneLanguage.slice(0, call.start)}({ ${code.slice(messages.start, messages.end)} })${inOneLanguage.slice(call.end)}`;
        }
        return { code: inOneLanguage, map: null };
      },
    },

    // Each language's file says which it is: storefront-messages.fr-HASH.js.
    outputOptions(options) {
      const names = options.chunkFileNames ?? '[name]-[hash].js';
      return {
        ...options,
        chunkFileNames: (chunk) => {
          const name = typeof names === 'function' ? names(chunk) : names;
          const locale = LOCALE_QUERY.exec(chunk.facadeModuleId ?? '')?.[1];
          return locale ? name.replace('[name]', `[name].${locale}`) : name;
        },
      };
    },

    transformIndexHtml(html, { bundle }) {
      if (!bundle) return html;
      const files = Object.fromEntries(
        Object.values(bundle).flatMap((chunk) => {
          const [module, locale] = chunk.type === 'chunk' ? (chunk.facadeModuleId ?? '').split('?locale=') : [];
          return module === firstViewMessages && locale ? [[locale, `/${chunk.fileName}`]] : [];
        }),
      );
      return [{ tag: 'script', attrs: { type: 'application/json', id: FIRST_VIEW_MESSAGES_ELEMENT_ID }, children: JSON.stringify(files), injectTo: 'head' }];
    },
  };
}

/** The defineMessages() calls that make a module's constants: `export const xMessages = defineMessages({…})`. */
function topLevelDefineMessages(program: ESTree.Program): ESTree.CallExpression[] {
  return program.body.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') return [];
    return declaration.declarations.flatMap(({ init }) => (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'defineMessages' ? [init] : []));
  });
}

function keyName(key: ESTree.Expression | ESTree.PrivateIdentifier): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}
