/** Says why a view is empty when the filters select no report at all, instead of drawing empty charts. */
import type { ReactNode } from 'react';
import { overviewKpisSql } from '../queries/overview';
import { useT } from '../i18n/useT';
import { useFilters } from '../views/common';
import { useQuery } from './useQuery';
import { Empty } from './states';

export function SelectionGuard({ children }: { children: ReactNode }) {
  const t = useT();
  const f = useFilters();
  const q = useQuery(overviewKpisSql(f), 'selection-guard');
  const reports = q.result?.rows[0]?.reports;
  if (q.result && (reports === 0 || reports === null)) {
    return <Empty><span data-testid="empty-selection">{t('state.empty.filters')}</span></Empty>;
  }
  return <>{children}</>;
}
