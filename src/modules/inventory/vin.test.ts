import { describe, expect, it } from 'vitest';
import { isValidVin, modelYearCode, vinCheckDigit, withCheckDigit } from './vin.js';

describe('VIN check digit (ISO 3779 / GB 16735)', () => {
  it('accepts published VINs whose check digit is right', () => {
    // Worked examples from the North American check-digit specification.
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('11111111111111111')).toBe(true);
  });

  it('computes X when the remainder is ten', () => {
    expect(vinCheckDigit('1M8GDM9A_KP042788'.replace('_', '0'))).toBe('X');
  });

  it('rejects a VIN with one character changed', () => {
    expect(isValidVin('1M8GDM9AXKP042789')).toBe(false);
  });

  it('rejects I, O and Q, and wrong lengths', () => {
    expect(isValidVin('1M8GDM9AXKP04278O')).toBe(false);
    expect(isValidVin('1M8GDM9AXKP04278')).toBe(false);
    expect(isValidVin('1m8gdm9axkp042788')).toBe(false);
  });

  it('places the right check digit', () => {
    const vin = withCheckDigit('VF1HZG10000100001'.replace(/^(.{8})./, '$10'));
    expect(vin).toHaveLength(17);
    expect(isValidVin(vin)).toBe(true);
  });

  it('codes model years as the standard does', () => {
    expect(modelYearCode(2018)).toBe('J');
    expect(modelYearCode(2019)).toBe('K');
    expect(modelYearCode(2010)).toBe('A');
  });
});
