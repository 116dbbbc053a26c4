/** The visualize stage: charts from the run's profile (never a second pass over the rows). */
import type { Profiler } from '../evaluate/index.js';
import type { PipelineChart, VisualizationRequest } from './types.js';

export interface DrawnCharts {
  readonly charts: PipelineChart[];
  readonly skipped: Array<{ readonly id: string; readonly reason: string }>;
}

export async function drawCharts(
  _profiler: Profiler,
  _request: VisualizationRequest,
  _reference?: readonly unknown[],
): Promise<DrawnCharts> {
  // Wired to src/visualize once it lands (same session); until then no charts.
  return { charts: [], skipped: [] };
}
