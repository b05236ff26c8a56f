import { h, svg } from './dom.mjs';

export interface Point {
  readonly label: string;
  readonly value: number;
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

/**
 * A bar chart drawn as SVG, with the same numbers in a table for screen readers and for anyone
 * who wants the exact values.
 */
export function barChart(title: string, unit: string, points: readonly Point[]): HTMLElement {
  const max = Math.max(1, ...points.map((p) => p.value));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, points.length);
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-label': `${title}: ${points.reduce((sum, p) => sum + p.value, 0)} ${unit} in total`,
  });
  chart.append(
    svg('line', {
      x1: PAD.left,
      y1: PAD.top + plotH,
      x2: WIDTH - PAD.right,
      y2: PAD.top + plotH,
      class: 'axis',
    }),
    svg(
      'text',
      { x: PAD.left - 6, y: PAD.top + 10, class: 'tick', 'text-anchor': 'end' },
      String(max),
    ),
    svg('text', { x: PAD.left - 6, y: PAD.top + plotH, class: 'tick', 'text-anchor': 'end' }, '0'),
  );
  points.forEach((point, i) => {
    const height = (point.value / max) * plotH;
    const x = PAD.left + i * step + step * 0.15;
    chart.append(
      svg(
        'rect',
        { x, y: PAD.top + plotH - height, width: step * 0.7, height, class: 'bar' },
        svg('title', {}, `${point.label}: ${point.value} ${unit}`),
      ),
    );
  });
  for (const i of labelIndexes(points.length)) {
    const point = points[i];
    if (point === undefined) continue;
    const x = PAD.left + i * step + step / 2;
    chart.append(
      svg('text', { x, y: HEIGHT - 8, class: 'tick', 'text-anchor': 'middle' }, point.label),
    );
  }
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', {}, title),
    chart,
    h(
      'details',
      {},
      h('summary', {}, 'Values'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, unit)),
        ),
        h(
          'tbody',
          {},
          ...points.map((p) =>
            h('tr', {}, h('td', {}, p.label), h('td', { class: 'num' }, p.value)),
          ),
        ),
      ),
    ),
  );
}

/** First, last and a few evenly spaced labels, so they never overlap. */
function labelIndexes(count: number): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / 6));
  const indexes = new Set<number>([count - 1]);
  for (let i = 0; i < count; i += every) indexes.add(i);
  return [...indexes];
}
