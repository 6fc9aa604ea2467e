/*
 * Side views of the four body types, drawn on a 400 × 170 canvas, nose to the right.
 * Each outline runs from the rear bumper's foot over the roof to the front bumper's foot;
 * the underbody and its wheel arches are derived from the wheels, so arches always fit them.
 */

/** The drawing's frame; the ground line sits near its bottom, leaving room for the shadow. */
export const CANVAS = { x: 0, y: 20, width: 400, height: 150, ground: 156 };

export interface CarShape {
  outline: string;
  /** Height of the underbody between the wheels. */
  sillY: number;
  wheelXs: [rear: number, front: number];
  wheelRadius: number;
  archRadius: number;
  windows: string[];
  mirror: string;
  /** The shoulder line pressed into the side, caught by the light. */
  crease: string;
  doorLines: string;
  handles: { x: number; y: number }[];
  headlight: string;
  taillight: string;
  /** Unpainted plastic round the arches and along the sills, as SUVs and crossovers wear. */
  cladding: boolean;
}

// Proportions follow the real cars at one scale (about 0.073 px per mm), wheels a touch larger.

const suv: CarShape = {
  outline:
    'M 36 134 L 32 118 Q 29 108 31 100 L 34 72 Q 37 52 54 45 L 200 35 Q 218 34 230 41 L 274 78 ' +
    'Q 320 82 352 90 Q 366 94 368 104 L 370 126 Q 370 134 362 134',
  sillY: 134,
  wheelXs: [105, 302],
  wheelRadius: 27,
  archRadius: 32,
  windows: [
    'M 52 77 Q 60 58 74 52 L 110 47 L 110 78 Z',
    'M 118 78 L 118 46 L 182 41 L 182 80 Z',
    'M 190 80 L 190 41 L 218 41 Q 228 41 234 47 L 262 82 Z',
  ],
  mirror: 'M 262 73 L 273 72 Q 277 74 276 79 L 264 80 Z',
  crease: 'M 40 92 L 340 98',
  doorLines: 'M 186 83 L 187 127 M 114 81 L 118 97 M 266 85 Q 272 98 276 108',
  handles: [
    { x: 148, y: 87 },
    { x: 222, y: 88 },
  ],
  headlight: 'M 336 90 Q 354 92 366 98 L 364 104 Q 348 100 334 96 Z',
  taillight: 'M 32 78 L 52 76 L 52 84 L 31 88 Z',
  cladding: true,
};

const crossover: CarShape = {
  outline:
    'M 54 134 L 50 118 Q 48 108 50 100 L 56 76 Q 62 52 84 46 Q 140 38 196 40 Q 214 41 226 48 L 268 84 ' +
    'Q 310 88 338 96 Q 350 100 352 110 L 352 126 Q 352 134 344 134',
  sillY: 134,
  wheelXs: [106, 294],
  wheelRadius: 25,
  archRadius: 30,
  windows: [
    'M 64 84 L 72 64 Q 78 54 92 52 L 116 50 L 116 84 Z',
    'M 124 84 L 124 49 L 180 47 L 180 86 Z',
    'M 188 86 L 188 47 L 210 47 Q 220 48 226 54 L 258 88 Z',
  ],
  mirror: 'M 254 77 L 264 76 Q 268 78 267 83 L 256 84 Z',
  crease: 'M 58 97 L 336 101',
  doorLines: 'M 184 88 L 185 128 M 120 86 L 124 100 M 262 90 Q 266 100 270 110',
  handles: [
    { x: 144, y: 93 },
    { x: 212, y: 94 },
  ],
  headlight: 'M 322 94 Q 340 97 350 104 L 347 109 Q 334 104 320 100 Z',
  taillight: 'M 51 86 L 68 84 L 68 92 L 50 95 Z',
  cladding: true,
};

const mpv: CarShape = {
  outline:
    'M 34 134 L 30 118 Q 27 108 29 100 L 32 60 Q 34 40 52 36 L 214 30 Q 232 30 244 38 L 300 84 ' +
    'Q 334 88 358 96 Q 370 100 372 110 L 372 126 Q 372 134 364 134',
  sillY: 134,
  wheelXs: [98, 306],
  wheelRadius: 26,
  archRadius: 31,
  windows: [
    'M 42 84 L 44 52 Q 46 42 58 41 L 118 38 L 118 84 Z',
    'M 126 84 L 126 38 L 196 36 L 196 86 Z',
    'M 204 86 L 204 36 L 226 36 Q 236 36 242 43 L 288 88 Z',
  ],
  mirror: 'M 284 77 L 295 76 Q 299 78 298 83 L 286 84 Z',
  crease: 'M 34 98 L 356 102',
  doorLines: 'M 200 88 L 201 128 M 122 86 L 122 110 M 292 91 Q 296 102 300 110',
  handles: [
    { x: 160, y: 93 },
    { x: 232, y: 95 },
  ],
  headlight: 'M 342 94 Q 360 97 370 104 L 367 109 Q 352 104 338 100 Z',
  taillight: 'M 30 66 L 40 64 L 40 82 L 29 84 Z',
  cladding: false,
};

const coupe: CarShape = {
  outline:
    'M 44 140 L 40 124 Q 38 114 42 106 L 48 98 Q 60 94 76 92 Q 120 74 160 64 Q 186 58 204 60 ' +
    'Q 224 62 242 74 L 262 88 Q 310 94 346 106 Q 358 110 360 120 L 360 132 Q 360 140 352 140',
  sillY: 140,
  wheelXs: [108, 294],
  wheelRadius: 25,
  archRadius: 29,
  windows: ['M 116 94 Q 128 84 140 79 L 140 94 Z', 'M 146 94 Q 162 74 196 67 Q 218 66 236 76 L 254 94 Z'],
  mirror: 'M 242 85 L 251 84 Q 255 86 254 90 L 244 91 Z',
  crease: 'M 60 105 L 338 111',
  doorLines: 'M 142 96 L 146 132 M 256 96 Q 260 108 266 116',
  handles: [{ x: 156, y: 100 }],
  headlight: 'M 330 102 Q 346 106 356 112 L 353 116 Q 340 111 328 107 Z',
  taillight: 'M 42 106 L 58 100 L 60 106 L 42 112 Z',
  cladding: false,
};

const SHAPES: Record<string, CarShape> = { suv, crossover, mpv, coupe };

/** The shape for a body type; an unknown one is drawn as an SUV rather than not at all. */
export function shapeFor(body: string): CarShape {
  return SHAPES[body] ?? suv;
}

export function wheelCentreY(shape: CarShape): number {
  return CANVAS.ground - shape.wheelRadius;
}

/** Where an arch meets the sill either side of a wheel. */
function archEnds(shape: CarShape, wheelX: number): [left: number, right: number] {
  const rise = shape.sillY - wheelCentreY(shape);
  const halfChord = Math.sqrt(shape.archRadius ** 2 - rise ** 2);
  return [wheelX - halfChord, wheelX + halfChord];
}

/** The arch over one wheel, right end to left end, as a path segment from its right end. */
function archSegment(shape: CarShape, wheelX: number): string {
  const [left] = archEnds(shape, wheelX);
  const r = shape.archRadius;
  // The sill sits below the wheel centre, so the arch is the larger part of its circle.
  return `A ${r} ${r} 0 1 0 ${left.toFixed(1)} ${shape.sillY}`;
}

/** The painted body: the outline, then back along the underbody with both arches cut out. */
export function bodyPath(shape: CarShape): string {
  const [rearX, frontX] = shape.wheelXs;
  const [, frontRight] = archEnds(shape, frontX);
  const [, rearRight] = archEnds(shape, rearX);
  const y = shape.sillY;
  return [
    shape.outline,
    `L ${frontRight.toFixed(1)} ${y}`,
    archSegment(shape, frontX),
    `L ${rearRight.toFixed(1)} ${y}`,
    archSegment(shape, rearX),
    'Z',
  ].join(' ');
}

/** The dark wheel well seen through one arch. */
export function wellPath(shape: CarShape, wheelX: number): string {
  const [, right] = archEnds(shape, wheelX);
  return `M ${right.toFixed(1)} ${shape.sillY} ${archSegment(shape, wheelX)} Z`;
}

/** The arch's edge alone, for cladding. */
export function archEdgePath(shape: CarShape, wheelX: number): string {
  const [, right] = archEnds(shape, wheelX);
  return `M ${right.toFixed(1)} ${shape.sillY} ${archSegment(shape, wheelX)}`;
}

export function sillPath(shape: CarShape): string {
  const [rearX, frontX] = shape.wheelXs;
  const [, rearRight] = archEnds(shape, rearX);
  const [frontLeft] = archEnds(shape, frontX);
  return `M ${rearRight.toFixed(1)} ${shape.sillY - 3} L ${frontLeft.toFixed(1)} ${shape.sillY - 3}`;
}
