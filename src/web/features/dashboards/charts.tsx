// The dashboard's charts, drawn by Chart.js on a canvas with only the parts they use registered (this chunk
// is lazy-loaded, never on the public pages). Each canvas is an image with a one-sentence label and a
// description listing its figures (the same text as its tooltips); the full figures are in the table beside it.
import { useEffect, useId, useRef } from 'react';
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
  type ChartOptions,
  type ChartType,
  type TooltipItem,
} from 'chart.js';
import { useFormat } from '../../app/format.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

export interface Point {
  label: string;
  value: number | null;
}

type Colours = Record<'fg' | 'muted' | 'line' | 'brand' | 'ok' | 'bad' | 'warn' | 'info' | 'track' | 'none', string>;

/** The theme's colours from the CSS custom properties, so the charts follow styles.css. */
function colours(el: Element): Colours {
  const s = getComputedStyle(el);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1b1f24'),
    muted: v('--muted', '#5b6470'),
    line: v('--line', '#d5dae1'),
    brand: v('--brand', '#0b5394'),
    ok: v('--ok', '#1e7b34'),
    bad: v('--bad', '#b3261e'),
    warn: v('--warn', '#8a5a00'),
    info: v('--info', '#1f4e8c'),
    track: '#eef2f7',
    none: '#c3c9d2',
  };
}

/** Shared options: no animation (slow phones), fills its box, numbers in the page's language (1.234,5). */
function baseOptions(locale: string, c: Colours, legend: boolean): ChartOptions {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    locale: locale === 'vi' ? 'vi-VN' : 'en-GB',
    // A tap anywhere on a year or a row shows its tooltip: bars are small targets for a finger.
    interaction: { mode: 'index', intersect: false },
    color: c.muted,
    font: { size: 13 },
    plugins: { legend: { display: legend, labels: { color: c.fg } } },
  } as ChartOptions;
}

/**
 * A canvas that Chart.js draws; `items` are the figures as text, read out as the chart's description and shown
 * in its tooltips. The chart is made again only when its figures or the language change.
 */
function ChartCanvas<T extends ChartType>({
  label,
  items,
  height,
  make,
}: {
  label: string;
  items: string[];
  height: number;
  make(c: Colours, locale: string): ChartConfiguration<T>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const f = useFormat();
  const id = useId();
  const makeRef = useRef(make);
  makeRef.current = make;
  const key = `${f.locale}\n${items.join('\n')}`;
  useEffect(() => {
    const el = canvas.current!;
    const chart = new Chart(el, makeRef.current(colours(el), f.locale) as unknown as ChartConfiguration);
    return () => chart.destroy();
  }, [key]);
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={`${id}-d`} />
      <p id={`${id}-d`} className="sr-only">
        {items.join('; ')}
      </p>
    </div>
  );
}

const tooltipText = (texts: string[]) => (item: TooltipItem<ChartType>) => texts[item.dataIndex] ?? '';

/** Share per period as a line, with the target as a dashed step line; y from 0 to 100%. */
export function LineChart({
  points,
  targets,
  label,
  format,
  names,
}: {
  points: Point[];
  targets: number[];
  label: string;
  format(v: number): string;
  names: { share: string; target: string };
}) {
  const shares = points.map((p) => (p.value === null ? '—' : format(p.value)));
  const items = points.map((p, i) => `${p.label}: ${shares[i]} (${names.target} ${format(targets[i] ?? 0)})`);
  return (
    <ChartCanvas<'line'>
      label={label}
      items={items}
      height={240}
      make={(c, locale) => ({
        type: 'line',
        data: {
          labels: points.map((p) => p.label),
          datasets: [
            {
              label: names.share,
              data: points.map((p) => p.value),
              borderColor: c.brand,
              backgroundColor: c.brand,
              borderWidth: 3,
              pointRadius: 4,
              spanGaps: true,
            },
            // A short dash at each point keeps the target visible when there is only one year.
            {
              label: names.target,
              data: targets,
              borderColor: c.bad,
              backgroundColor: c.bad,
              borderWidth: 2,
              borderDash: [6, 4],
              stepped: 'middle',
              pointStyle: 'line',
              pointRadius: 8,
            },
          ],
        },
        options: {
          ...(baseOptions(locale, c, true) as ChartOptions<'line'>),
          scales: {
            y: {
              min: 0,
              max: 100,
              ticks: { stepSize: 25, callback: (v) => format(Number(v)) },
              grid: { color: c.line },
            },
            x: { grid: { display: false } },
          },
          plugins: {
            legend: { labels: { color: c.fg, usePointStyle: true, boxHeight: 8 } },
            tooltip: {
              callbacks: {
                label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : format(Number(item.raw))}`,
              },
            },
          },
        },
      })}
    />
  );
}

/** One horizontal bar per row against its own maximum (drawn behind it); the tooltip says the figure. */
export function BarChart({
  rows,
  label,
  maxLabel,
}: {
  rows: Array<{ label: string; value: number | null; max: number; text: string; alert?: boolean }>;
  label: string;
  maxLabel: string;
}) {
  const texts = rows.map((r) => r.text);
  return (
    <ChartCanvas<'bar'>
      label={label}
      items={rows.map((r) => `${r.label}: ${r.text}`)}
      height={rows.length * 28 + 40}
      make={(c, locale) => ({
        type: 'bar',
        data: {
          labels: rows.map((r) => r.label),
          datasets: [
            {
              label,
              data: rows.map((r) => r.value),
              backgroundColor: rows.map((r) => (r.alert ? c.bad : c.brand)),
              grouped: false,
              order: 1,
              barPercentage: 0.75,
            },
            {
              label: maxLabel,
              data: rows.map((r) => r.max),
              backgroundColor: c.track,
              grouped: false,
              order: 2,
              barPercentage: 0.75,
            },
          ],
        },
        options: {
          ...(baseOptions(locale, c, false) as ChartOptions<'bar'>),
          indexAxis: 'y',
          scales: { x: { beginAtZero: true, grid: { color: c.line } }, y: { grid: { display: false } } },
          plugins: {
            legend: { display: false },
            tooltip: { filter: (item) => item.datasetIndex === 0, callbacks: { label: tooltipText(texts) } },
          },
        },
      })}
    />
  );
}

/** Vertical columns of counts. */
export function ColumnChart({
  columns,
  label,
}: {
  columns: Array<{ label: string; value: number; alert?: boolean }>;
  label: string;
}) {
  const f = useFormat();
  return (
    <ChartCanvas<'bar'>
      label={label}
      items={columns.map((col) => `${col.label}: ${f.num(col.value)}`)}
      height={220}
      make={(c, locale) => ({
        type: 'bar',
        data: {
          labels: columns.map((col) => col.label),
          datasets: [
            {
              label,
              data: columns.map((col) => col.value),
              backgroundColor: columns.map((col) => (col.alert ? c.bad : c.brand)),
            },
          ],
        },
        options: {
          ...(baseOptions(locale, c, false) as ChartOptions<'bar'>),
          scales: {
            y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: c.line } },
            x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 90 } },
          },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => f.num(Number(item.raw)) } } },
        },
      })}
    />
  );
}

/** One bar split into parts (timeliness); `key` names the part's colour, as the legend's swatches do. */
export function StackedBar({
  parts,
  label,
}: {
  parts: Array<{ key: 'onTime' | 'late' | 'overdue' | 'pending' | 'noEntry'; label: string; value: number }>;
  label: string;
}) {
  const f = useFormat();
  const total = parts.reduce((s, p) => s + p.value, 0);
  return (
    <ChartCanvas<'bar'>
      label={label}
      items={parts.map((p) => `${p.label}: ${f.num(p.value)}`)}
      height={56}
      make={(c, locale) => {
        const colour = { onTime: c.ok, late: c.warn, overdue: c.bad, pending: c.info, noEntry: c.none };
        return {
          type: 'bar',
          data: {
            labels: [''],
            datasets: parts.map((p) => ({
              label: p.label,
              data: [p.value],
              backgroundColor: colour[p.key],
              barPercentage: 1,
              categoryPercentage: 1,
            })),
          },
          options: {
            ...(baseOptions(locale, c, false) as ChartOptions<'bar'>),
            indexAxis: 'y',
            scales: {
              x: { stacked: true, min: 0, max: Math.max(1, total), ticks: { precision: 0 }, grid: { display: false } },
              y: { stacked: true, display: false },
            },
            plugins: {
              legend: { display: false },
              tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${f.num(Number(item.raw))}` } },
            },
          },
        };
      }}
    />
  );
}
