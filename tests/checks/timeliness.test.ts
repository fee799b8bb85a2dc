import { describe, expect, it } from 'vitest';
import { checkTimeliness } from '../../src/checks';
import { isoDayNumber } from '../../src/checks/timeliness';

describe('TIMELINESS (spec §8)', () => {
  it('passes the real publication dates of 001 (government, 2020-01-31) and 085 (government, 2023-01-31)', () => {
    expect(checkTimeliness({ year: 2019, publishedDate: '2020-01-31', agencyType: 'government' }).status).toBe('pass');
    expect(checkTimeliness({ year: 2022, publishedDate: '2023-01-31', agencyType: 'government' }).status).toBe('pass');
  });

  it('holds a department to 1月31日 and a government to 3月31日 of Y+1', () => {
    const late = checkTimeliness({ year: 2020, publishedDate: '2021-02-01', agencyType: 'department' });
    expect([late.status, late.severity, late.actual]).toEqual(['fail', 'error', 1]);
    expect(checkTimeliness({ year: 2020, publishedDate: '2021-03-31', agencyType: 'government' }).status).toBe('pass');
    const gov = checkTimeliness({ year: 2020, publishedDate: '2021-04-02', agencyType: 'government' });
    expect([gov.status, gov.actual]).toEqual(['fail', 2]);
  });

  it('for an unknown level (township, other, none) warns after 1-31 and errs after 3-31', () => {
    for (const agencyType of ['township', 'other', null]) {
      expect(checkTimeliness({ year: 2022, publishedDate: '2023-01-31', agencyType }).status).toBe('pass');
      const warn = checkTimeliness({ year: 2022, publishedDate: '2023-02-15', agencyType });
      expect([warn.status, warn.severity]).toEqual(['fail', 'warn']);
      const err = checkTimeliness({ year: 2022, publishedDate: '2023-04-01', agencyType });
      expect([err.status, err.severity]).toEqual(['fail', 'error']);
    }
  });

  it('uses 3月31日 for everyone up to reporting year 2018 (old 条例)', () => {
    expect(checkTimeliness({ year: 2018, publishedDate: '2019-03-01', agencyType: 'department' }).status).toBe('pass');
    expect(checkTimeliness({ year: 2018, publishedDate: '2019-04-01', agencyType: 'department' }).status).toBe('fail');
  });

  it('is uncertain without a year or a date, or with an impossible date', () => {
    expect(checkTimeliness({ year: null, publishedDate: '2021-01-01', agencyType: 'department' }).status).toBe('uncertain');
    expect(checkTimeliness({ year: 2020, publishedDate: null, agencyType: 'department' }).status).toBe('uncertain');
    const bad = checkTimeliness({ year: 2022, publishedDate: '2023-02-30', agencyType: 'department' });
    expect(bad.status).toBe('uncertain');
    expect(bad.message.en).toContain('2023-02-30');
  });
});

describe('isoDayNumber', () => {
  it('gives Date.UTC’s day for every date from 1900 to 2100', () => {
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    let checked = 0;
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const iso = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
      if (isoDayNumber(iso) !== t / 86_400_000) throw new Error(`${iso}: ${String(isoDayNumber(iso))} ≠ ${String(t / 86_400_000)}`);
      checked++;
    }
    expect(checked).toBe(73_414);
  });

  it('refuses what is not a real date', () => {
    expect(isoDayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(isoDayNumber('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
    for (const bad of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', '0050-01-01', '2023-01-01T00:00', '']) {
      expect(isoDayNumber(bad), bad).toBeNull();
    }
  });
});
