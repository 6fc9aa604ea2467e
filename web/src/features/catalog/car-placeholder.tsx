import { useId } from 'react';
import { archEdgePath, bodyPath, CANVAS, shapeFor, sillPath, wellPath, wheelCentreY, type CarShape } from './car-shapes';

/** Neutral silver for a model whose paints are not known yet. */
const DEFAULT_PAINT = '#c5cad0';

/**
 * A drawn side view of a body type in a paint colour: a stand-in until the catalog has photos,
 * light enough to ship in the bundle and true to each model's colour.
 */
export function CarPlaceholder({ body, paint, label }: { body: string; paint: string | null; label: string }) {
  const shape = shapeFor(body);
  const ids = useSvgIds('shade', 'glass', 'rim', 'shadow');
  const outline = bodyPath(shape);
  return (
    <svg className="car-placeholder" viewBox={`${CANVAS.x} ${CANVAS.y} ${CANVAS.width} ${CANVAS.height}`} role="img" aria-label={label}>
      <defs>
        {/* Light from above: a soft gloss on the roof, shade toward the sills, whatever the paint. */}
        <linearGradient id={ids.shade} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#fff" stopOpacity="0.35" />
          <stop offset="0.45" stopColor="#fff" stopOpacity="0" />
          <stop offset="0.7" stopColor="#000" stopOpacity="0" />
          <stop offset="1" stopColor="#000" stopOpacity="0.2" />
        </linearGradient>
        <linearGradient id={ids.glass} x1="0" y1="0" x2="0.35" y2="1">
          <stop offset="0" stopColor="#5b6775" />
          <stop offset="0.55" stopColor="#27303a" />
          <stop offset="1" stopColor="#161b21" />
        </linearGradient>
        <radialGradient id={ids.rim} cx="0.4" cy="0.35" r="0.75">
          <stop offset="0" stopColor="#f1f3f5" />
          <stop offset="1" stopColor="#8d959e" />
        </radialGradient>
        <radialGradient id={ids.shadow}>
          <stop offset="0" stopColor="#0b0f14" stopOpacity="0.38" />
          <stop offset="1" stopColor="#0b0f14" stopOpacity="0" />
        </radialGradient>
      </defs>

      <ellipse cx={CANVAS.width / 2} cy={CANVAS.ground} rx="180" ry="8" fill={`url(#${ids.shadow})`} />
      {shape.wheelXs.map((x) => (
        <path key={x} d={wellPath(shape, x)} fill="#15191e" />
      ))}
      <path d={outline} fill={paint ?? DEFAULT_PAINT} />
      <path d={outline} fill={`url(#${ids.shade})`} stroke="rgba(12, 18, 26, 0.32)" strokeWidth="1.2" strokeLinejoin="round" />
      <path d={shape.crease} fill="none" stroke="rgba(255, 255, 255, 0.55)" strokeWidth="1.2" strokeLinecap="round" />
      <path d={shape.crease} fill="none" stroke="rgba(12, 18, 26, 0.12)" strokeWidth="1" strokeLinecap="round" transform="translate(0 1.5)" />
      {shape.cladding && <Cladding shape={shape} />}
      {shape.windows.map((d) => (
        <path key={d} d={d} fill={`url(#${ids.glass})`} stroke="#c3c9cf" strokeWidth="1.5" strokeLinejoin="round" />
      ))}
      <path d={shape.doorLines} fill="none" stroke="rgba(12, 18, 26, 0.28)" strokeWidth="1" strokeLinecap="round" />
      {shape.handles.map(({ x, y }) => (
        <rect key={x} x={x} y={y} width="14" height="3.5" rx="1.75" fill="rgba(12, 18, 26, 0.35)" />
      ))}
      <path d={shape.mirror} fill={paint ?? DEFAULT_PAINT} stroke="rgba(12, 18, 26, 0.4)" strokeWidth="1" strokeLinejoin="round" />
      <path d={shape.headlight} fill="#eef3f8" stroke="rgba(12, 18, 26, 0.45)" strokeWidth="1" strokeLinejoin="round" />
      <path d={shape.taillight} fill="#c62f36" stroke="rgba(12, 18, 26, 0.35)" strokeWidth="1" strokeLinejoin="round" />
      {shape.wheelXs.map((x) => (
        <Wheel key={x} x={x} y={wheelCentreY(shape)} radius={shape.wheelRadius} rimFill={`url(#${ids.rim})`} />
      ))}
    </svg>
  );
}

function Cladding({ shape }: { shape: CarShape }) {
  return (
    <g fill="none" stroke="#2a2f36" strokeLinecap="round">
      {shape.wheelXs.map((x) => (
        <path key={x} d={archEdgePath(shape, x)} strokeWidth="6" />
      ))}
      <path d={sillPath(shape)} strokeWidth="6" />
    </g>
  );
}

function Wheel({ x, y, radius, rimFill }: { x: number; y: number; radius: number; rimFill: string }) {
  const rim = radius * 0.64;
  const spokeRing = rim * 0.62;
  const spokes = 5;
  const circumference = 2 * Math.PI * spokeRing;
  return (
    <g>
      <circle cx={x} cy={y} r={radius} fill="#1a1d21" />
      <circle cx={x} cy={y} r={radius - 2.5} fill="none" stroke="#2d3238" strokeWidth="1.5" />
      <circle cx={x} cy={y} r={rim} fill="#3a4048" />
      {/* Spokes are dashes of one thick ring: five equal arms without any trigonometry. */}
      <circle
        cx={x}
        cy={y}
        r={spokeRing}
        fill="none"
        stroke={rimFill}
        strokeWidth={rim * 0.9}
        strokeDasharray={`${circumference / spokes / 3} ${(circumference / spokes) * (2 / 3)}`}
        transform={`rotate(-90 ${x} ${y})`}
      />
      <circle cx={x} cy={y} r={rim} fill="none" stroke={rimFill} strokeWidth="2.2" />
      <circle cx={x} cy={y} r={rim * 0.3} fill={rimFill} />
      <circle cx={x} cy={y} r={rim * 0.1} fill="#2a2f36" />
    </g>
  );
}

/** Gradient ids unique to this drawing, since several cars share one document. */
function useSvgIds<Name extends string>(...names: Name[]): Record<Name, string> {
  const base = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  return Object.fromEntries(names.map((name) => [name, `car-${base}-${name}`])) as Record<Name, string>;
}
