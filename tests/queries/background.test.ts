/**
 * The background plan: which statements it asks ahead of time, in which order, and that each one
 * runs on a real corpus and answers what the view itself would get.
 */
import { describe, expect, it } from 'vitest';
import { backgroundPlan, PREFETCH_VIEWS, viewSqls, type PrefetchParams } from '../../src/queries/background';
import { agencyPickerSql } from '../../src/queries/agency';
import { compareRankedSql, COMPARE_CAPS } from '../../src/queries/compare';
import { disclosureSql } from '../../src/queries/disclosure';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { overviewSqls, trendByYearSql } from '../../src/queries/overview';
import { applicantMixSql, carryOverSql, requestOutcomesSql } from '../../src/queries/requests';
import { reviewOutcomesSql, REVIEW_RATES } from '../../src/queries/review';
import { fixtureDbForTests } from '../db/fixture';

const P: PrefetchParams = { metric: 'requests_received', dimension: 'province', order: 'asc' };
const { fx, db } = fixtureDbForTests();

describe('viewSqls', () => {
  it('lists the statements of each view, built by the calls the view makes', () => {
    const f: Filters = { ...EMPTY_FILTERS, province: '辽宁省', years: [2020] };
    expect(viewSqls('overview', f, P)).toEqual(overviewSqls(f));
    expect(viewSqls('compare', f, P)).toEqual([compareRankedSql('requests_received', 'province', f, { limit: COMPARE_CAPS.table, order: 'asc' })]);
    expect(viewSqls('requests', f, P)).toEqual([carryOverSql(f), requestOutcomesSql(f, 'year'), applicantMixSql(f)]);
    expect(viewSqls('review', f, P)).toEqual([reviewOutcomesSql(f), trendByYearSql(REVIEW_RATES, f)]);
    expect(viewSqls('disclosure', f, P)).toEqual([disclosureSql(f)]);
    expect(viewSqls('agency', f, P)).toEqual([agencyPickerSql(f)]);
  });

  it('plans no Compare statement for a metric the catalogue does not know', () => {
    expect(viewSqls('compare', EMPTY_FILTERS, { ...P, metric: 'no_such_metric' })).toEqual([]);
  });
});

describe('backgroundPlan', () => {
  it('puts the open view first, then the others in navigation order, each statement once', () => {
    const plan = backgroundPlan('requests', EMPTY_FILTERS, P);
    const requests = viewSqls('requests', EMPTY_FILTERS, P);
    expect(plan.slice(0, requests.length)).toEqual(requests);
    const rest = PREFETCH_VIEWS.filter((v) => v !== 'requests').flatMap((v) => viewSqls(v, EMPTY_FILTERS, P));
    expect(plan.slice(requests.length)).toEqual([...new Set(rest)].filter((s) => !requests.includes(s)));
    expect(new Set(plan).size).toBe(plan.length);
  });

  it('from a view outside the dashboard, plans every dashboard view from the overview on', () => {
    const plan = backgroundPlan('sql', EMPTY_FILTERS, P);
    expect(plan.slice(0, overviewSqls(EMPTY_FILTERS).length)).toEqual(overviewSqls(EMPTY_FILTERS));
    expect(plan).toContain(disclosureSql(EMPTY_FILTERS));
  });

  it('every planned statement runs on a real corpus, unfiltered and filtered', async () => {
    const province = [...fx.manifest.values()].find((m) => m.province !== '')?.province ?? null;
    expect(province).not.toBeNull();
    for (const f of [EMPTY_FILTERS, { ...EMPTY_FILTERS, province }]) {
      const plan = backgroundPlan('overview', f, P);
      expect(plan.length).toBeGreaterThanOrEqual(13);
      for (const sql of plan) {
        const r = await db().query(sql);
        expect(r.columns.length).toBeGreaterThan(0);
      }
    }
  });
});
