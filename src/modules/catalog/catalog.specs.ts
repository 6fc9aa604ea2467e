import { Type, type Static, type TSchema } from 'typebox';

/*
 * A trim's key specifications: each a whole number with its unit spelled out, so a figure can
 * never be read in the wrong unit (a "hp" or an "Nm" is refused, not converted). A figure the
 * brand has not published is absent, never zero or a guess: the storefront says "not published".
 * `approximate` marks a figure the source gives as "about" (~27 kWh).
 */

const Cycle = Type.Union([Type.Literal('NEDC'), Type.Literal('WLTP'), Type.Literal('CLTC'), Type.Literal('EPA')], {
  description: 'The test cycle the figure was measured on.',
});
const Approximate = Type.Optional(Type.Boolean({ description: 'The source gives the figure as approximate.' }));

function figure<Unit extends string, Extra extends Record<string, TSchema>>(unit: Unit, minimum: number, maximum: number, description: string, extra: Extra) {
  return Type.Object(
    { value: Type.Integer({ minimum, maximum }), unit: Type.Literal(unit), ...extra, approximate: Approximate },
    { additionalProperties: false, description },
  );
}

export const TrimSpecsSchema = Type.Object(
  {
    power: Type.Optional(figure('kW', 1, 1500, 'Maximum power.', {})),
    torque: Type.Optional(figure('N·m', 1, 5000, 'Maximum torque.', {})),
    dimensions: Type.Optional(
      Type.Object(
        {
          length: Type.Integer({ minimum: 2000, maximum: 7000 }),
          width: Type.Integer({ minimum: 1000, maximum: 2600 }),
          height: Type.Integer({ minimum: 900, maximum: 2500 }),
          unit: Type.Literal('mm'),
          approximate: Approximate,
        },
        { additionalProperties: false, description: 'Length, width and height.' },
      ),
    ),
    fuelConsumption: Type.Optional(figure('mL/100km', 500, 30000, 'Combined fuel use, in millilitres per 100 km (7.3 L/100 km is 7300).', { cycle: Cycle })),
    battery: Type.Optional(figure('Wh', 1000, 250000, 'Battery capacity, in watt-hours (27 kWh is 27000).', {})),
    electricRange: Type.Optional(
      Type.Object(
        {
          min: Type.Integer({ minimum: 1, maximum: 1500 }),
          max: Type.Integer({ minimum: 1, maximum: 1500 }),
          unit: Type.Literal('km'),
          cycle: Cycle,
          approximate: Approximate,
        },
        { additionalProperties: false, description: 'Electric range; min = max when the source gives one figure.' },
      ),
    ),
    charging: Type.Optional(
      figure('min', 1, 2880, 'Charging time, in minutes, from one state of charge to another.', {
        fromPercent: Type.Integer({ minimum: 0, maximum: 99 }),
        toPercent: Type.Integer({ minimum: 1, maximum: 100 }),
      }),
    ),
  },
  { additionalProperties: false, description: 'Key specifications as published; an absent figure is not published.' },
);

export type TrimSpecs = Static<typeof TrimSpecsSchema>;

/** What the schema cannot say: a range that ends before it starts, a charge that goes nowhere. */
export function specsProblem(specs: TrimSpecs): string | undefined {
  if (specs.electricRange && specs.electricRange.min > specs.electricRange.max) {
    return `The electric range runs from ${specs.electricRange.min} km to ${specs.electricRange.max} km: its min must not exceed its max.`;
  }
  if (specs.charging && specs.charging.fromPercent >= specs.charging.toPercent) {
    return `Charging from ${specs.charging.fromPercent}% to ${specs.charging.toPercent}% charges nothing: fromPercent must be below toPercent.`;
  }
  return undefined;
}

/** The stored column (a JSON object) as specs. */
export function readSpecs(json: string): TrimSpecs {
  return JSON.parse(json) as TrimSpecs;
}
