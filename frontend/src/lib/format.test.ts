import { afterEach, describe, expect, it } from 'vitest';

import { formatCost, formatDateTime, formatDay, formatNumber, formatPercent, formatPrice, isoDaysAgo, setFormatting } from './format';

afterEach(() => setFormatting('en', 'UTC'));

/** Intl puts no-break spaces in some languages' numbers; compare them as plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('formatting in the user language and time zone', () => {
  it('writes costs in US dollars in every language', () => {
    setFormatting('en', 'UTC');
    expect(formatCost(1.5)).toBe('$1.5000');
    expect(formatPrice(2.5)).toBe('$2.50/M');
    setFormatting('pt-BR', 'America/Sao_Paulo');
    expect(plain(formatCost(1.5))).toBe('US$ 1,5000');
    expect(plain(formatCost(0.0012))).toBe('US$ 0,001200');
  });

  it('uses the language’s separators for numbers and percentages', () => {
    setFormatting('pt-BR', 'UTC');
    expect(formatNumber(12345.6, 1)).toBe('12.345,6');
    expect(formatPercent(0.125)).toBe('12,5%');
  });

  it('shows times in the user time zone', () => {
    setFormatting('pt-BR', 'America/Sao_Paulo');
    expect(formatDateTime('2026-11-26T12:00:00Z')).toContain('09:00');
    setFormatting('en', 'Asia/Tokyo');
    expect(formatDateTime('2026-11-26T12:00:00Z')).toContain('9:00');
  });

  it('writes a calendar day as the language does, the same day in every time zone', () => {
    setFormatting('pt-BR', 'Pacific/Honolulu');
    expect(formatDay('2030-04-01')).toBe('1 de abr. de 2030');
    setFormatting('en', 'Asia/Tokyo');
    expect(formatDay('2030-04-01')).toBe('Apr 1, 2030');
  });

  it('counts days from today in the user time zone, not the browser one', () => {
    const now = new Date('2026-11-26T23:30:00Z'); // already the 27th in Tokyo, still the 26th in São Paulo
    setFormatting('en', 'Asia/Tokyo');
    expect(isoDaysAgo(0, now)).toBe('2026-11-27');
    expect(isoDaysAgo(29, now)).toBe('2026-10-29');
    setFormatting('pt-BR', 'America/Sao_Paulo');
    expect(isoDaysAgo(0, now)).toBe('2026-11-26');
    expect(isoDaysAgo(365, now)).toBe('2025-11-26');
  });
});
