import { useEffect, useRef } from 'react';
import { init, type ChartOption, type EChartsType } from './echarts-setup';

/** The dashboards' palette: the brand's accent first, then colours that stay apart for colour-blind readers. */
export const CHART_COLORS = ['#1f6feb', '#f0a500', '#0b6b43', '#b42318', '#6e40c9', '#5a626c'];

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, read out instead of the canvas; the numbers are in the table beside it. */
  label: string;
  /** Taller charts for long category lists (a bar per dealer). */
  height?: 'short' | 'tall' | undefined;
  testId?: string | undefined;
}

/**
 * One ECharts canvas that follows its box's width (phone turned, sidebar closed) and the option
 * it is given. The canvas is an image for assistive technology: each chart has a table.
 */
export function Chart({ option, label, height = 'short', testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => {
      element.dataset.drawn = 'true';
    });
    // Resizing inside a frame: the observer may fire while the layout is still settling.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption(
      { color: CHART_COLORS, animation: !still, textStyle: { fontFamily: getComputedStyle(document.body).fontFamily }, ...option },
      { notMerge: true },
    );
  }, [option]);

  return <div ref={box} className={`chart chart--${height}`} role="img" aria-label={label} data-testid={testId} />;
}
