import { randomInt } from 'node:crypto';

/** Letters and digits a person cannot misread: no 0/O, 1/I/L. 31^8 ≈ 8.5 × 10^11 codes. */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SHORT_CODE_LENGTH = 8;
export const SHORT_CODE_PATTERN = `^[${SHORT_CODE_ALPHABET}]{${SHORT_CODE_LENGTH}}$`;

export function newShortCode(): string {
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return code;
}
