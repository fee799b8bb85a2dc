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

describe('TIMELINESS messages', () => {
  it('name the deadline met or missed and the days late, in Chinese and English', () => {
    const msg = (year: number | null, publishedDate: string | null, agencyType: string | null): string => {
      const r = checkTimeliness({ year, publishedDate, agencyType });
      return `${r.status}/${r.severity}/${String(r.actual)}: ${r.message.zh} | ${r.message.en}`;
    };
    expect(msg(2020, '2021-01-31', 'department')).toBe('pass/info/0: 发布于2021-01-31，未晚于2021-01-31 | Published on 2021-01-31, by 2021-01-31');
    expect(msg(2020, '2021-03-31', 'government')).toBe('pass/info/0: 发布于2021-03-31，未晚于2021-03-31 | Published on 2021-03-31, by 2021-03-31');
    expect(msg(2022, '2023-01-02', 'township')).toBe('pass/info/0: 发布于2023-01-02，未晚于2023-01-31 | Published on 2023-01-02, by 2023-01-31');
    expect(msg(2018, '2019-03-01', 'department')).toBe('pass/info/0: 发布于2019-03-01，未晚于2019-03-31 | Published on 2019-03-01, by 2019-03-31');
    expect(msg(2020, '2021-02-03', 'department')).toBe('fail/error/3: 发布于2021-02-03，晚于2021-01-31共3天 | Published on 2021-02-03, 3 days after 2021-01-31');
    expect(msg(2022, '2023-02-15', null)).toBe('fail/warn/15: 发布于2023-02-15，晚于2023-01-31共15天 | Published on 2023-02-15, 15 days after 2023-01-31');
    expect(msg(2022, '2023-04-01', 'other')).toBe('fail/error/1: 发布于2023-04-01，晚于2023-03-31共1天 | Published on 2023-04-01, 1 days after 2023-03-31');
    expect(msg(2016, '2017-04-10', 'government')).toBe('fail/error/10: 发布于2017-04-10，晚于2017-03-31共10天 | Published on 2017-04-10, 10 days after 2017-03-31');
    expect(msg(null, '2021-01-01', 'department')).toBe('uncertain/warn/null: 报告年度未知，无法判断是否按时发布 | Cannot decide timeliness: the reporting year is unknown');
    expect(msg(2020, null, 'department')).toBe('uncertain/warn/null: 发布日期未知，无法判断是否按时发布 | Cannot decide timeliness: the published date is unknown');
    expect(msg(2022, '2023-02-30', 'department')).toBe('uncertain/warn/null: 发布日期“2023-02-30”无法识别 | The published date "2023-02-30" is not a valid date');
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
    for (const bad of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', '0050-01-01', '2023-01-01T00:00', '', '2023/01/01', '2023-0a-01', ' 2023-01-1', '２０２３-01-01', '2023-01-0１', '2023-01-+1', '-023-01-01']) {
      expect(isoDayNumber(bad), bad).toBeNull();
    }
  });
});
