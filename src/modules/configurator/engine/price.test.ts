import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors.js';
import { demoModel, renault } from '../fixtures.js';
import { compileModel } from './compile.js';
import { compulsoryInsurance, price, purchaseTax } from './price.js';

const koleos = compileModel(demoModel('koleos'));
const espace = compileModel(demoModel('espace'));
const kze = compileModel(demoModel('city-k-ze'));

describe('price', () => {
  it("prices the F1 campaign configuration at the campaign's list price", () => {
    const { trim, options, listPrice, price: campaignPrice } = renault.campaign;
    const quote = price(koleos, { trim, options }, { campaignDiscount: listPrice - campaignPrice, plateFee: 0 });
    expect(quote.listPrice).toBe(24_800_000);
    expect(quote.listPrice).toBe(listPrice);
    expect(quote.vehiclePrice).toBe(campaignPrice);
    // wh-18 and pk-roof are standard on the 2.5L 4WD Luxury: listed, not charged.
    expect(quote.options.filter((l) => l.standard).map((l) => l.code)).toEqual(['int-leather-black', 'wh-18', 'pk-roof']);
    expect(quote.options.filter((l) => l.price > 0).map((l) => [l.code, l.price])).toEqual([
      ['paint-amethyst-black', 300_000],
      ['pk-bose', 600_000],
      ['pk-safety', 800_000],
      ['acc-dashcam', 120_000],
    ]);
  });

  it('lets the premium pack cover the light-grey leather and BOSE it brings', () => {
    const quote = price(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-premium'] }, { plateFee: 0 });
    const line = (code: string) => quote.options.find((l) => l.code === code);
    expect(line('int-leather-grey')).toEqual({ code: 'int-leather-grey', price: 0, catalogPrice: 800_000, standard: false, covered: true, coveredBy: 'pk-premium' });
    expect(line('pk-bose')).toMatchObject({ price: 0, covered: true, coveredBy: 'pk-premium' });
    expect(line('pk-premium')).toMatchObject({ price: 1_200_000, covered: false });
    expect(line('int-leather-black')).toBeUndefined(); // replaced by the grey the pack brings
    expect(quote.listPrice).toBe(19_980_000 + 1_200_000);
    // Picking BOSE as well changes nothing: the pack already covers it.
    expect(price(koleos, { trim: 'koleos-20-2wd-luxury', options: ['pk-premium', 'pk-bose'] }, { plateFee: 0 }).listPrice).toBe(quote.listPrice);
  });

  it('computes the on-the-road estimate in integer fen', () => {
    const quote = price(koleos, { trim: 'koleos-20-2wd-comfort', options: ['paint-cosmos-blue'] }, { campaignDiscount: 100_000, plateFee: 50_000 });
    expect(quote).toMatchObject({
      currency: 'CNY',
      trim: { code: 'koleos-20-2wd-comfort', price: 17_980_000 },
      optionsTotal: 300_000,
      listPrice: 18_280_000,
      campaignDiscount: 100_000,
      vehiclePrice: 18_180_000,
      // 18,180,000 × 10 / 113 = 1,608,849.55… → 1,608,850
      purchaseTax: 1_608_850,
      compulsoryInsurance: 95_000,
      plateFee: 50_000,
      onTheRoad: 18_180_000 + 1_608_850 + 95_000 + 50_000,
    });
  });

  it('rounds the purchase tax half up to the fen', () => {
    expect(purchaseTax(113, false)).toBe(10); // exactly 10
    expect(purchaseTax(1, false)).toBe(0); // 0.088…
    expect(purchaseTax(6, false)).toBe(1); // 0.53… → 1
    expect(purchaseTax(5, false)).toBe(0); // 0.44… → 0
    expect(purchaseTax(1_695, false)).toBe(150); // exactly 150
    // Never exactly half a fen: 20p = 113(2k + 1) has no solution (even = odd), so half-up never breaks a tie.
    expect(purchaseTax(10_000_000, true)).toBe(0);
  });

  it('exempts the NEV from purchase tax and charges insurance by seats', () => {
    const quote = price(kze, { trim: 'kze-life', options: [] }, { plateFee: 0 });
    expect(quote.purchaseTax).toBe(0);
    expect(quote.compulsoryInsurance).toBe(95_000); // 4 seats
    expect(price(espace, { trim: 'espace-18t-luxury', options: [] }, { plateFee: 0 }).compulsoryInsurance).toBe(110_000); // 7 seats
    expect([2, 4, 5, 6, 7, 9].map(compulsoryInsurance)).toEqual([95_000, 95_000, 95_000, 110_000, 110_000, 110_000]);
  });

  it('never goes below zero when the discount exceeds the price', () => {
    const quote = price(kze, { trim: 'kze-life', options: [] }, { campaignDiscount: 99_999_999, plateFee: 10_000 });
    expect(quote.vehiclePrice).toBe(0);
    expect(quote.purchaseTax).toBe(0);
    expect(quote.onTheRoad).toBe(95_000 + 10_000);
  });

  it('refuses an invalid selection with its violations', () => {
    const call = () => price(koleos, { trim: 'koleos-20-2wd-comfort', options: ['wh-19'] }, { plateFee: 0 });
    expect(call).toThrow(DomainError);
    expect(call).toThrow(/CONFIGURATOR_UNAVAILABLE_ON_TRIM, CONFIGURATOR_REQUIRES_UNMET/);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIGURATOR_INVALID_SELECTION', kind: 'unprocessable' });
    }
    expect(() => price(koleos, { trim: 'nope', options: [] }, { plateFee: 0 })).toThrow(/CONFIGURATOR_UNKNOWN_TRIM/);
    expect(() => price(koleos, { trim: 'koleos-20-2wd-comfort', options: ['pk-bose', 'pk-bose'] }, { plateFee: 0 })).toThrow(/DUPLICATE/);
  });

  it('refuses amounts that are not integer fen', () => {
    const selection = { trim: 'koleos-20-2wd-comfort', options: [] };
    expect(() => price(koleos, selection, { plateFee: 0.5 })).toThrow(RangeError);
    expect(() => price(koleos, selection, { plateFee: 0, campaignDiscount: -1 })).toThrow(RangeError);
  });
});
