/** Number formats for the report. @module */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** `12,345/s`, or with a unit: `12,345 req/s`. */
export function perSecond(rate: number, unit = ''): string {
  return `${grouped.format(rate)}${unit ? ` ${unit}` : ''}/s`;
}

/** `1.74×` (two decimals below 10, one above). */
export function times(ratio: number): string {
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

/** `97.4 %`. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** The round-by-round ratios, for the spread column: `0.98–1.01×` (or with more decimals). */
export function spread(ratios: readonly number[], decimals = 2): string {
  if (ratios.length === 0) return '';
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return `${low.toFixed(decimals)}–${high.toFixed(decimals)}×`;
}

/** Decimal megabytes per second, as hashing speeds are usually given. */
export function megabytesPerSecond(bytesPerSecond: number): string {
  return `${grouped.format(bytesPerSecond / 1e6)} MB/s`;
}

/** `1 KiB`, `64 MiB`, `100.2 KiB`. */
export function binaryBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function milliseconds(ms: number): string {
  return `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}
