/**
 * results.svg: one bar per ratio, on a logarithmic axis centred on 1× (equal), green where the goal
 * is met, red where it is missed, amber where the rounds disagree, grey where there is no goal; the
 * goal is a black tick.
 *
 * @module
 */

import { type SectionResult, type Verdict, verdictOf } from '../results.js';

const COLOURS: Record<Verdict, string> = { met: '#2e7d32', missed: '#c62828', undecided: '#e0a800' };
const WIDTH = 980;
const LABEL_WIDTH = 430;
const ROW = 20;
const HEADING = 26;
const MIN_RATIO = 1 / 4;
const MAX_RATIO = 32;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 60;

function x(ratio: number): number {
  const clamped = Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
  const span = Math.log2(MAX_RATIO) - Math.log2(MIN_RATIO);
  return PLOT_LEFT + ((Math.log2(clamped) - Math.log2(MIN_RATIO)) / span) * (PLOT_RIGHT - PLOT_LEFT);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function ratioText(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

export function renderChart(sections: readonly SectionResult[]): string {
  const body: string[] = [];
  let y = 50;
  for (const section of sections) {
    if (section.bars.length === 0) continue;
    body.push(`<text x="10" y="${y + 17}" class="heading">${escapeXml(section.title)}</text>`);
    y += HEADING;
    for (const bar of section.bars) {
      const verdict =
        bar.goal === undefined ? undefined : verdictOf(bar.ratio, bar.roundRatios ?? [], bar.goal);
      const colour = verdict === undefined ? '#9aa0a6' : COLOURS[verdict];
      const from = Math.min(x(1), x(bar.ratio));
      const width = Math.max(1, Math.abs(x(bar.ratio) - x(1)));
      const end = x(bar.ratio);
      body.push(
        `<text x="${LABEL_WIDTH}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${from.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" fill="${colour}"/>`,
      );
      if (bar.goal !== undefined) {
        const goalX = x(bar.goal).toFixed(1);
        body.push(`<line x1="${goalX}" x2="${goalX}" y1="${y + 1}" y2="${y + ROW - 1}" class="goal"/>`);
      }
      const textX = bar.ratio >= 1 ? end + 4 : from - 4;
      const anchor = bar.ratio >= 1 ? 'start' : 'end';
      // A ratio below 1 is labelled left of its bar, which may run into the label column: then inside.
      const inside = bar.ratio < 1 && from - 40 < LABEL_WIDTH;
      body.push(
        `<text x="${(inside ? from + 4 : textX).toFixed(1)}" y="${y + 14}" text-anchor="${inside ? 'start' : anchor}" ` +
          `class="${inside ? 'value inside' : 'value'}">${ratioText(bar.ratio)}</text>`,
      );
      y += ROW;
    }
    y += 8;
  }
  const height = y + 30;
  const ticks = [0.25, 0.5, 1, 2, 4, 8, 16, 32]
    .map((tick) => {
      const tx = x(tick).toFixed(1);
      return (
        `<line x1="${tx}" x2="${tx}" y1="40" y2="${y}" class="${tick === 1 ? 'one' : 'grid'}"/>` +
        `<text x="${tx}" y="${y + 16}" text-anchor="middle" class="axis">${tick < 1 ? `1/${1 / tick}` : tick}×</text>`
      );
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-labelledby="title">
<title id="title">precond benchmark: each figure of precond divided by its comparison</title>
<style>
  .heading { font-weight: bold; font-size: 13px; }
  .value { font-size: 11px; }
  .inside { fill: #fff; }
  .axis { fill: #555; font-size: 11px; }
  .grid { stroke: #e0e0e0; }
  .one { stroke: #333; }
  .goal { stroke: #000; stroke-width: 2; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">precond ÷ comparison (log scale; right of 1× precond is faster)</text>
<text x="10" y="38" class="axis">green: goal met · red: goal missed · amber: undecided (rounds on both sides) · grey: no goal · black tick: the goal</text>
${ticks}
${body.join('\n')}
</svg>
`;
}
