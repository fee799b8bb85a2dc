/** The app shell: header, navigation, the shared filter bar, the current view and the toasts. */
import { useEffect } from 'react';
import { Header } from './components/Header';
import { Nav } from './components/Nav';
import { FilterBar } from './components/FilterBar';
import { Toasts } from './components/Toasts';
import { SelectionGuard } from './components/SelectionGuard';
import { Empty, ErrorBox, Loading } from './components/states';
import { useApp } from './store/store';
import { useT } from './i18n/useT';
import { OverviewView } from './views/Overview';
import { CompareView } from './views/Compare';
import { RequestsView } from './views/Requests';
import { ReviewView } from './views/Review';
import { DisclosureView } from './views/Disclosure';
import { AgencyView } from './views/Agency';
import { DataView } from './views/Data';
import { AuditView } from './views/Audit';
import { SqlView } from './views/Sql';
import type { ViewId } from './store/ui';
import { useBackgroundPlan } from './components/useBackground';
import { setViewWarmer, type WarmUpSample } from './components/engine';
import { warmUpViews, type WarmUpView } from './components/viewWarmup';
import { EMPTY_FILTERS } from './queries/filters';
import { appStore } from './store/store';

function CurrentView({ view }: { view: ViewId }) {
  switch (view) {
    case 'overview': return <OverviewView />;
    case 'compare': return <CompareView />;
    case 'requests': return <RequestsView />;
    case 'review': return <ReviewView />;
    case 'disclosure': return <DisclosureView />;
    case 'agency': return <AgencyView />;
    case 'audit': return <AuditView />;
    case 'sql': return <SqlView />;
    case 'data': return <DataView />;
  }
}

/**
 * The views the background plan renders once out of sight (src/components/viewWarmup.tsx), less the
 * one open: the dashboard views and the console on the user's selection, and the Audit view on the
 * province the engine's warm-up audited (its answers are cached, and a national selection would show
 * only the audit's overview). Not the Agency view, which needs an agency.
 */
const WARMED_VIEWS: readonly ViewId[] = ['overview', 'compare', 'requests', 'review', 'disclosure', 'sql'];

function warmViews(signal: AbortSignal, sample: WarmUpSample): Promise<void> {
  const open = appStore.getState().ui.view;
  const views: WarmUpView[] = WARMED_VIEWS.filter((v) => v !== open).map((v) => ({ name: v, render: () => <CurrentView view={v} /> }));
  if (open !== 'audit' && sample.province !== null) views.push({ name: 'audit', render: () => <AuditView />, filters: { ...EMPTY_FILTERS, province: sample.province } });
  // The Overview changed to a province (answers the engine's warm-up cached), so a filter's chart
  // updates run compiled code too.
  if (sample.medianProvince !== null) views.push({ name: 'overview filtered', render: () => <OverviewView />, then: { ...EMPTY_FILTERS, province: sample.medianProvince } });
  return warmUpViews(views, signal);
}

export function App() {
  const t = useT();
  // Prefetches the other views and warms the engine while the user reads this one.
  useBackgroundPlan();
  useEffect(() => { setViewWarmer(warmViews); }, []);
  const view = useApp((s) => s.ui.view);
  const corpus = useApp((s) => s.corpus);
  // The data panel works without a corpus (it is how one gets loaded); the other views need one.
  const needsCorpus = view !== 'data' && corpus.info === null;
  return (
    <div className="app">
      <Header />
      <Nav />
      {/* The console queries the whole corpus in SQL: the shared filters do not apply there. */}
      {view === 'sql' ? null : <FilterBar />}
      <main className="view" data-testid={`view-${view}`} aria-live="polite">
        <h2 className="view-title">{t(`view.${view}`)}</h2>
        {needsCorpus && corpus.status === 'loading' ? <Loading show /> : null}
        {needsCorpus && corpus.status === 'error' && corpus.error ? <ErrorBox error={corpus.error} /> : null}
        {needsCorpus && corpus.status === 'idle' ? <Empty>{t('state.empty.noCorpus')}</Empty> : null}
        {needsCorpus ? null : view === 'data' || view === 'agency' || view === 'sql' ? <CurrentView view={view} /> : <SelectionGuard><CurrentView view={view} /></SelectionGuard>}
      </main>
      <Toasts />
    </div>
  );
}
