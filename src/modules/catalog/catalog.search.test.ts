import { describe, expect, it } from 'vitest';
import { matchesQuery, searchKey } from './catalog.search.js';

describe('catalog search', () => {
  it('keeps letters and digits only, lower-cased and width-folded', () => {
    expect(searchKey('City K-ZE')).toBe('citykze');
    expect(searchKey(' K·ZE ')).toBe('kze');
    expect(searchKey('ｃｉｔｙ　Ｋ－ＺＥ')).toBe('citykze');
    expect(searchKey('雷诺 City K-ZE')).toBe('雷诺citykze');
    expect(searchKey('Première Édition')).toBe('premièreédition');
    expect(searchKey('-- / --')).toBe('');
  });

  it('finds a name however it is punctuated, in any of the texts', () => {
    const kze = ['雷诺City K-ZE', 'City K-ZE', 'city-k-ze'];
    for (const typed of ['KZE', 'kze', 'k-ze', 'K ZE', 'cityk', '雷诺city']) {
      expect(matchesQuery(searchKey(typed), kze), typed).toBe(true);
    }
    expect(matchesQuery(searchKey('科雷傲'), ['科雷傲', 'Koleos', 'Koleos', 'koleos'])).toBe(true);
    expect(matchesQuery(searchKey('科雷傲'), ['科雷嘉', 'Kadjar', 'Kadjar', 'kadjar'])).toBe(false);
    expect(matchesQuery(searchKey('kzf'), kze)).toBe(false);
  });

  it('filters nothing out for a query with nothing searchable in it', () => {
    expect(matchesQuery(searchKey('-'), ['Koleos'])).toBe(true);
    expect(matchesQuery('', [])).toBe(true);
  });
});
