// Bars of a metric's mean per variant, with a whisker of ± one standard deviation.
const SVG = 'http://www.w3.org/2000/svg';

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws `rows` ({name, mean, std, n}) into the SVG element `svg`. */
export function drawBars(svg, rows, format, formatStd) {
  svg.replaceChildren();
  const width = svg.clientWidth || 800;
  const height = svg.clientHeight || 260;
  const top = 20, bottom = 40, left = 50;
  const present = rows.filter((r) => r.mean !== null && r.mean !== undefined);
  if (present.length === 0) {
    svg.append(element('text', { x: left, y: height / 2 }, 'No succeeded job has this metric yet'));
    return;
  }
  const highest = Math.max(...present.map((r) => r.mean + (r.std ?? 0)));
  const lowest = Math.min(0, ...present.map((r) => r.mean - (r.std ?? 0)));
  const scale = (v) => top + (height - top - bottom) * (1 - (v - lowest) / (highest - lowest || 1));
  const slot = (width - left) / rows.length;
  svg.append(element('line', { x1: left, x2: width, y1: scale(0), y2: scale(0), class: 'whisker' }));
  rows.forEach((row, i) => {
    const x = left + i * slot + slot * 0.2;
    const barWidth = slot * 0.6;
    const label = `${row.name} (n=${row.n})`;
    svg.append(element('text', { x: x, y: height - bottom + 16 }, label));
    if (row.mean === null || row.mean === undefined) return;
    const y = scale(row.mean);
    svg.append(element('rect', {
      x, y: Math.min(y, scale(0)), width: barWidth, height: Math.abs(scale(0) - y), class: 'bar',
    }));
    if (row.std !== null && row.std !== undefined) {
      const centre = x + barWidth / 2;
      svg.append(element('line', {
        x1: centre, x2: centre, y1: scale(row.mean - row.std), y2: scale(row.mean + row.std), class: 'whisker',
      }));
    }
    const text = format(row.mean) + (row.std !== null && row.std !== undefined ? ` ± ${formatStd(row.std)}` : '');
    svg.append(element('text', { x, y: y - 6 }, text));
  });
}
