import { barLength, niceCeiling, shorten } from "./scale";

export interface BarChartItem {
  key: string;
  label: string;
  value: number;
}

interface BarChartProps {
  /** Unique on the page; the SVG title and the table caption hang off it. */
  id: string;
  title: string;
  items: BarChartItem[];
  /** Column headings of the number table. */
  labelHeading: string;
  valueHeading: string;
  /** Formats a number the way the page's language writes it. */
  format?: (n: number) => string;
}

const WIDTH = 360;
const ROW = 44;
const BAR = 16;
const VALUE_SPACE = 56;

/**
 * A horizontal bar chart drawn on the server as SVG (no script, no library), with the same
 * numbers in a table below it for screen readers and for copying.
 */
export function BarChart({ id, title, items, labelHeading, valueHeading, format = String }: BarChartProps) {
  const axisMax = niceCeiling(Math.max(0, ...items.map((i) => i.value)));
  const plot = WIDTH - VALUE_SPACE;
  const height = Math.max(ROW, items.length * ROW) + 4;
  const titleId = `${id}-title`;
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-svg-title`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        className="chart-svg"
      >
        <title id={`${id}-svg-title`}>
          {`${title}: ${items.map((i) => `${i.label} ${format(i.value)}`).join("; ")}`}
        </title>
        {items.map((item, index) => {
          const y = index * ROW;
          const length = barLength(item.value, axisMax, plot);
          return (
            <g key={item.key}>
              <text x={0} y={y + 14} className="chart-label">
                {shorten(item.label)}
              </text>
              <rect x={0} y={y + 20} width={plot} height={BAR} className="chart-track" rx={3} />
              <rect x={0} y={y + 20} width={length} height={BAR} className="chart-bar" rx={3} />
              <text x={length + 6} y={y + 33} className="chart-value">
                {format(item.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="chart-table">
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col" className="num">
              {valueHeading}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.key}>
              <th scope="row">{item.label}</th>
              <td className="num">{format(item.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
