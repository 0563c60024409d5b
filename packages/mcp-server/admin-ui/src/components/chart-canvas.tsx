import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the pieces the dashboard draws: keeps the bundle small.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartCanvasProps {
  config: ChartConfiguration<'bar' | 'line'>;
  /** Accessible summary; also lets tests read what the chart shows. */
  label: string;
  height?: number;
  testId?: string;
}

/**
 * A Chart.js chart that updates in place when its data changes (no
 * re-creation, no animation: the dashboard refreshes every few seconds and
 * should not flicker).
 */
export function ChartCanvas({ config, label, height = 260, testId }: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar' | 'line'> | undefined>(undefined);

  useEffect(() => {
    if (canvas.current === null) return undefined;
    chart.current = new Chart(canvas.current, {
      ...config,
      options: { ...config.options, animation: false, responsive: true, maintainAspectRatio: false },
    });
    return () => chart.current?.destroy();
    // Created once (later configs only update the data, below).
  }, []);

  useEffect(() => {
    const current = chart.current;
    if (current === undefined) return;
    current.data = config.data;
    current.update('none');
  }, [config]);

  return (
    <div class="chart" style={{ height: `${height}px` }} data-testid={testId} aria-label={label} role="img">
      <canvas ref={canvas} />
    </div>
  );
}
