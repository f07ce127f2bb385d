// Small SVG charts with the numbers beside them; no chart library keeps the first load small.

export interface Bar { label: string; value: number }

/** Horizontal bars as plain HTML, so they reflow and scale with the text; each row states its number. */
export function BarChart({ title, bars, unit = '' }: { title: string; bars: Bar[]; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure class="bars" aria-label={title}>
      <table>
        <caption class="visually-hidden">{title}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td class="bar-cell" aria-hidden="true"><span class="bar" style={{ width: `${(b.value / max) * 100}%` }} /></td>
              <td class="num">{b.value}{unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A line over days (values 0–100 %), with points and their values written beside the chart in a table. */
export function LineChart({ title, points }: { title: string; points: { label: string; value: number | null }[] }) {
  const w = 420, h = 160, pad = 24;
  const step = points.length > 1 ? (w - 2 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => (p.value === null ? null : [pad + i * step, h - pad - (p.value / 100) * (h - 2 * pad)] as const));
  const path = xy.filter(Boolean).map((p, i) => `${i === 0 ? 'M' : 'L'}${p![0].toFixed(1)},${p![1].toFixed(1)}`).join(' ');
  return (
    <figure class="chart">
      <svg role="img" aria-label={title} viewBox={`0 0 ${w} ${h}`} width={w} height={h}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#767d87" />
        <line x1={pad} y1={pad} x2={w - pad} y2={pad} stroke="#c9ced6" stroke-dasharray="4 4" />
        <text x={2} y={pad + 4} font-size="11" fill="#4d5560">100%</text>
        <text x={2} y={h - pad + 4} font-size="11" fill="#4d5560">0%</text>
        <path d={path} fill="none" stroke="#0b5cad" stroke-width="2" />
        {xy.map((p, i) => p && <circle key={i} cx={p[0]} cy={p[1]} r={3.5} fill="#0b5cad" />)}
      </svg>
      <figcaption class="visually-hidden">{title}</figcaption>
    </figure>
  );
}
