import { describe, expect, it } from 'vitest';
import { fenToYuanText, yuanTextToFen } from './money-text.js';

describe('yuan text', () => {
  it('reads yuan exactly, without floats', () => {
    expect(yuanTextToFen('0.01')).toBe(1);
    expect(yuanTextToFen('5000.00')).toBe(500000);
    expect(yuanTextToFen('5000.1')).toBe(500010);
    expect(yuanTextToFen('0.29')).toBe(29);
    expect(yuanTextToFen('1.15')).toBe(115);
    expect(yuanTextToFen('12')).toBe(1200);
    expect(yuanTextToFen('0')).toBe(0);
  });

  it('refuses anything that is not plain yuan with at most two decimals', () => {
    for (const text of ['1e3', '-1', '5000.001', '', ' 1.00', '1.', '.5', '01.00', '1,000.00', '+1', 'NaN', 'Infinity', '0x10', '99999999999999999999']) {
      expect(yuanTextToFen(text), text).toBeNull();
    }
  });

  it('writes fen as yuan with two decimals', () => {
    expect(fenToYuanText(1)).toBe('0.01');
    expect(fenToYuanText(500010)).toBe('5000.10');
    expect(fenToYuanText(0)).toBe('0.00');
    expect(fenToYuanText(2999900)).toBe('29999.00');
    expect(() => fenToYuanText(-1)).toThrow(RangeError);
    expect(() => fenToYuanText(1.5)).toThrow(RangeError);
  });
});
