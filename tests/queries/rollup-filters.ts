/**
 * The selections the rollup tests run under: those the rollup holds (no district, no name; the
 * fixture's largest province among them) and those it does not, which must read the reports.
 */
import type { DbConnector } from '../../src/db/connector';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';

export async function rollupFilters(db: DbConnector): Promise<{ held: Filters[]; notHeld: Filters[] }> {
  const province = String((await db.query('SELECT province FROM reports WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1')).rows[0]?.province);
  const district = (await db.query('SELECT district FROM reports WHERE district IS NOT NULL LIMIT 1')).rows[0]?.district;
  return {
    held: [
      EMPTY_FILTERS, { ...EMPTY_FILTERS, years: [2020, 2023] }, { ...EMPTY_FILTERS, province }, { ...EMPTY_FILTERS, agencyTypes: ['government', 'department'] },
      { ...EMPTY_FILTERS, templates: ['v2019'] }, { ...EMPTY_FILTERS, templates: ['v2021'] },
    ],
    notHeld: [{ ...EMPTY_FILTERS, agencyQuery: '局' }, ...(typeof district === 'string' ? [{ ...EMPTY_FILTERS, district }] : [])],
  };
}
