import { useMemo } from 'react';
import { renderSVG } from 'uqr';

/**
 * A QR code as an image: uqr's SVG goes in a data: URL (the page's policy allows data: images),
 * so no markup is ever injected into the page, whatever the encoded text.
 */
export function QrImage({ text, label, className }: { text: string; label: string; className?: string }) {
  const src = useMemo(() => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(text, { border: 2, ecc: 'M' }))}`, [text]);
  return <img className={className} src={src} alt={label} width={200} height={200} />;
}
