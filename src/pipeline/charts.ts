/** The visualize stage: charts from the run's profile (never a second pass over the rows). */
import type { Profiler } from '../evaluate/index.js';
import { visualize, type Chart, type ChartKind, type SkippedChart } from '../visualize/index.js';
import type { VisualizationRequest } from './types.js';

export interface DrawnCharts {
  readonly charts: Chart[];
  readonly skipped: SkippedChart[];
}

export async function drawCharts(profiler: Profiler, request: VisualizationRequest, reference?: readonly unknown[]): Promise<DrawnCharts> {
  const result = await visualize(profiler, {
    ...(request.charts ? { charts: request.charts as ChartKind[] } : {}),
    ...(request.columns ? { columns: request.columns } : {}),
    ...(reference ? { reference } : {}),
    scale: request.png === false ? [] : [1, 2],
  });
  return { charts: result.charts, skipped: result.skipped };
}
