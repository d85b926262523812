/** Display formatting shared by every screen. */

export function formatCost(value: string | number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(number)) return String(value);
  return `$${number.toFixed(number !== 0 && Math.abs(number) < 0.01 ? Math.max(digits, 6) : digits)}`;
}

export function formatPrice(perMillion: string | number | null | undefined): string {
  if (perMillion === null || perMillion === undefined) return '—';
  const number = Number(perMillion);
  return Number.isNaN(number) ? String(perMillion) : `$${number.toFixed(2)}/M`;
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `YYYY-MM-DD` for a date input, in local time. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function daysAgo(days: number, from = new Date()): Date {
  const date = new Date(from);
  date.setDate(date.getDate() - days);
  return date;
}

/**
 * How the API counted tokens, as a sentence for people: `approximation:chars/4` reads "Token
 * counts are estimated at about 4 characters per token…"; an exact tokenizer needs no note.
 */
export function tokenMethodSentence(method: string | null | undefined): string | null {
  if (!method?.startsWith('approximation')) return null;
  const perToken = /chars\/(\d+(?:\.\d+)?)/.exec(method)?.[1];
  const how = perToken ? ` at about ${perToken} characters per token` : '';
  return `Token counts are estimated${how}; the provider's own count may differ a little.`;
}
