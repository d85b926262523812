/**
 * Display formatting shared by every screen, through Intl in the user's language and time zone.
 * `LocaleProvider` sets them before the screens render (`setFormatting`); costs are US dollars in
 * every language (a Brazilian reads "US$ 0,0012", never an implied R$).
 */
import { createIntl, createIntlCache, type IntlShape, type MessageDescriptor } from 'react-intl';

import { DEFAULT_LOCALE, loadedCatalogue, toAppLocale } from '../i18n';

/** What a table shows where there is no value, in every language. */
export const NO_VALUE = '—';

let locale = 'en';
let timeZone: string | undefined;
let intl: IntlShape | null = null;
const intlCache = createIntlCache();

export function setFormatting(nextLocale: string, nextTimeZone: string | undefined): void {
  if (nextLocale !== locale || nextTimeZone !== timeZone) intl = null;
  locale = nextLocale;
  timeZone = nextTimeZone;
}

/**
 * A catalogue message for plain TypeScript that has no `useIntl()` (`lib/errors.ts` builds error
 * messages that many screens show), in the language `setFormatting` was given.
 */
export function formatMessage(descriptor: MessageDescriptor, values?: Record<string, string | number>): string {
  if (!intl) {
    const appLocale = toAppLocale(locale) ?? DEFAULT_LOCALE;
    intl = createIntl({ locale: appLocale, timeZone, defaultLocale: DEFAULT_LOCALE, messages: loadedCatalogue(appLocale)?.messages }, intlCache);
  }
  return intl.formatMessage(descriptor, values);
}

export function formatCost(value: string | number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || value === '') return NO_VALUE;
  const number = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(number)) return String(value);
  const fraction = number !== 0 && Math.abs(number) < 0.01 ? Math.max(digits, 6) : digits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(number);
}

/** The symbol of the costs' currency in the user's language: "$", "US$". */
export function currencySymbol(): string {
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? 'US$';
}

/** A price per million tokens: "$2.50/M", "US$ 2,50/M". */
export function formatPrice(perMillion: string | number | null | undefined): string {
  if (perMillion === null || perMillion === undefined) return NO_VALUE;
  const number = Number(perMillion);
  return Number.isNaN(number) ? String(perMillion) : `${formatCost(number, 2)}/M`;
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

function formatUnit(value: number, unit: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NO_VALUE;
  return ms >= 1000 ? formatUnit(Number((ms / 1000).toFixed(2)), 'second', 2) : formatUnit(Math.round(ms), 'millisecond');
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return NO_VALUE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** A calendar day (`2030-04-01`, a due date) as the language writes it, the same day in every time zone. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return NO_VALUE;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A chart's axis tick: "Nov 26" by day, "Nov 26, 14h" by hour, in the user's time zone. */
export function formatTick(date: Date, byHour: boolean): string {
  const options: Intl.DateTimeFormatOptions = byHour
    ? { month: 'short', day: 'numeric', hour: '2-digit', timeZone }
    : { month: 'short', day: 'numeric', timeZone };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** "3 minutes ago", "há 3 minutos". */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return NO_VALUE;
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return NO_VALUE;
  if (seconds < 60) return formatUnit(Math.round(seconds), 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${formatUnit(minutes, 'minute')} ${formatUnit(Math.round(seconds % 60), 'second')}`;
  return `${formatUnit(Math.floor(minutes / 60), 'hour')} ${formatUnit(minutes % 60, 'minute')}`;
}

/**
 * `YYYY-MM-DD` of the day `days` days before today (0: today), today being the user's: in their
 * time zone, which reports are bucketed in, not the browser's (a date input's value, a report's day).
 */
export function isoDaysAgo(days: number, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', timeZone }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day') - days)).toISOString().slice(0, 10);
}

/**
 * How the API counted tokens: `approximation:chars/4` is an estimate at about 4 characters per
 * token (`{ estimated: true, charsPerToken: '4' }`); an exact tokenizer is not an estimate.
 */
export function tokenEstimate(method: string | null | undefined): { estimated: boolean; charsPerToken: string | null } {
  if (!method?.startsWith('approximation')) return { estimated: false, charsPerToken: null };
  return { estimated: true, charsPerToken: /chars\/(\d+(?:\.\d+)?)/.exec(method)?.[1] ?? null };
}
