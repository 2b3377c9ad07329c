// Small SVG charts drawn by hand (no chart library: a few hundred bytes on a slow line). Each is an image
// with a one-sentence label; the figures themselves are in the table beside it, the text alternative.

export interface Point {
  label: string;
  value: number | null;
}

const W = 600;

/** Share per period as a line, with the target as a dashed step line; y from 0 to 100%. */
export function LineChart({ points, targets, label, format }: { points: Point[]; targets: number[]; label: string; format(v: number): string }) {
  const H = 220;
  const pad = { l: 52, r: 24, t: 18, b: 28 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const x = (i: number) => pad.l + (points.length <= 1 ? iw / 2 : (i * iw) / (points.length - 1));
  const y = (v: number) => pad.t + ih - (Math.max(0, Math.min(100, v)) / 100) * ih;
  const line = points.flatMap((p, i) => (p.value === null ? [] : [`${x(i)},${y(p.value)}`])).join(' ');
  const target = targets.map((v, i) => `${x(i)},${y(v)}`).join(' ');
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {[0, 25, 50, 75, 100].map((v) => (
        <g key={v}>
          <line className="chart-grid" x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
          <text className="chart-axis" x={pad.l - 6} y={y(v) + 4} textAnchor="end">
            {v}%
          </text>
        </g>
      ))}
      {targets.length > 0 && <polyline className="chart-target" points={targets.length === 1 ? `${pad.l},${y(targets[0]!)} ${W - pad.r},${y(targets[0]!)}` : target} fill="none" />}
      {line && <polyline className="chart-line" points={line} fill="none" />}
      {points.map((p, i) => (
        <g key={i}>
          {p.value !== null && <circle className="chart-dot" cx={x(i)} cy={y(p.value)} r={4} />}
          {p.value !== null && (
            <text className="chart-value" x={x(i)} y={y(p.value) - 8} textAnchor="middle">
              {format(p.value)}
            </text>
          )}
          <text className="chart-axis" x={x(i)} y={H - 8} textAnchor="middle">
            {p.label}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** One horizontal bar per row, as a share of its own maximum; the text at the end says the figure. */
export function BarChart({ rows, label }: { rows: Array<{ label: string; value: number | null; max: number; text: string; alert?: boolean }>; label: string }) {
  const rowH = 24;
  const pad = { l: 48, r: 180 };
  const H = rows.length * rowH + 8;
  const iw = W - pad.l - pad.r;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {rows.map((r, i) => {
        const yy = 4 + i * rowH;
        const w = r.value === null || r.max <= 0 ? 0 : (Math.max(0, Math.min(r.value, r.max)) / r.max) * iw;
        return (
          <g key={i}>
            <text className="chart-axis" x={pad.l - 6} y={yy + 16} textAnchor="end">
              {r.label}
            </text>
            <rect className="chart-track" x={pad.l} y={yy + 3} width={iw} height={rowH - 8} />
            <rect className={r.alert ? 'chart-bar alert' : 'chart-bar'} x={pad.l} y={yy + 3} width={w} height={rowH - 8} />
            <text className="chart-value" x={pad.l + iw + 6} y={yy + 16}>
              {r.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Vertical columns of counts, with each count above its column. */
export function ColumnChart({ columns, label }: { columns: Array<{ label: string; value: number; alert?: boolean }>; label: string }) {
  const H = 200;
  const pad = { l: 8, r: 8, t: 18, b: 28 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const max = Math.max(1, ...columns.map((c) => c.value));
  const slot = iw / Math.max(1, columns.length);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line className="chart-grid" x1={pad.l} x2={W - pad.r} y1={pad.t + ih} y2={pad.t + ih} />
      {columns.map((c, i) => {
        const h = (c.value / max) * ih;
        const xx = pad.l + i * slot + slot * 0.15;
        return (
          <g key={i}>
            <rect className={c.alert ? 'chart-bar alert' : 'chart-bar'} x={xx} y={pad.t + ih - h} width={slot * 0.7} height={h} />
            <text className="chart-value" x={xx + slot * 0.35} y={pad.t + ih - h - 4} textAnchor="middle">
              {c.value}
            </text>
            <text className="chart-axis" x={xx + slot * 0.35} y={H - 8} textAnchor="middle">
              {c.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One bar split into parts (timeliness), each part's class naming its colour. */
export function StackedBar({ parts, label }: { parts: Array<{ key: string; value: number }>; label: string }) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  let at = 0;
  return (
    <svg className="chart chart-stacked" viewBox={`0 0 ${W} 28`} role="img" aria-label={label}>
      <rect className="chart-track" x={0} y={2} width={W} height={24} />
      {total > 0 &&
        parts.map((p) => {
          const w = (p.value / total) * W;
          const x = at;
          at += w;
          return <rect key={p.key} className={`chart-part part-${p.key}`} x={x} y={2} width={w} height={24} />;
        })}
    </svg>
  );
}
