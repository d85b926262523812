import { describe, expect, it } from 'vitest';

import { toChartData, toChartSeries } from './chartData';

const series = [
  { id: 1, key: 'blog', label: 'Blog', total_generations: 2, points: [{ t: '2026-03-01T00:00:00Z', value: 0.06 }, { t: '2026-03-02T00:00:00Z', value: 0.03 }] },
  { id: 2, key: 'tagline', label: 'Tagline', total_generations: 1, points: [{ t: '2026-03-02T00:00:00Z', value: 0.01 }] },
];

describe('chart series', () => {
  it('draws stacked lines as filled areas with missing buckets as zero', () => {
    const out = toChartSeries(toChartData(series), 'line', true);
    expect(out.map((s) => [s.stack, 'area' in s && s.area])).toEqual([
      ['total', true],
      ['total', true],
    ]);
    expect(out[1].data).toEqual([0, 0.01]);
  });

  it('leaves unstacked lines unfilled and unstacked, with gaps', () => {
    const out = toChartSeries(toChartData(series), 'line', false);
    expect(out.every((s) => !('stack' in s) && !('area' in s))).toBe(true);
    expect(out[1].data).toEqual([null, 0.01]);
  });
});
