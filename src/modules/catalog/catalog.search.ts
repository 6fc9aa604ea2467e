/*
 * Free-text search over the range. A buyer types a name as they know it, in any of the store's
 * languages and however they punctuate it: "科雷傲" finds the Koleos on the French page, and
 * "KZE", "k ze" and "K-ZE" all find the City K-ZE. Both sides are reduced to letters and digits,
 * lower-cased, so the match is a plain substring test: its work grows with the text of the models
 * a store lists and the query's length (at most 60 characters), never with anything the query
 * asks for, and no index is needed since a store's range is read in one query anyway.
 */

/** Letters and digits only, lower-cased and width-folded: "City K-ZE" and "ｃｉｔｙ ｋｚｅ" both read "citykze". */
export function searchKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Whether a query (already a searchKey) is found in any of the texts. A query with nothing
 * searchable in it ("-", "  ") filters nothing out, like an empty one.
 */
export function matchesQuery(query: string, texts: readonly string[]): boolean {
  if (query === '') return true;
  return texts.some((text) => searchKey(text).includes(query));
}
