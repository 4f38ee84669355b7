import ReactECharts from 'echarts-for-react';
import type { EChartsOption } from 'echarts';

export function Chart({
  option,
  height = 280,
  testId,
}: {
  option: EChartsOption;
  height?: number;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      {/* No animation: figures are read, not watched, and screenshots must show final values. */}
      <ReactECharts option={{ animation: false, ...option }} style={{ height }} notMerge lazyUpdate />
    </div>
  );
}

/** Grouped bars for "before / after" comparisons. */
export function beforeAfterOption(
  categories: string[],
  before: number[],
  after: number[],
  labels: { before: string; after: string },
): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.before, labels.after], top: 0, right: 8 },
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0 } },
    yAxis: { type: 'value' },
    series: [
      { name: labels.before, type: 'bar', data: before, label: { show: true, position: 'top' } },
      { name: labels.after, type: 'bar', data: after, label: { show: true, position: 'top' } },
    ],
  };
}
