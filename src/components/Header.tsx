/** Title, corpus indicator (which corpus, how many reports/agencies/years, synthetic banner), language switch, copy link. */
import { useApp } from '../store/store';
import { flushUrl } from '../store/urlSync';
import { useT } from '../i18n/useT';
import { bilingual } from '../i18n';
import { DEFAULT_CORPUS_LABEL } from './engine';

function yearsRange(years: readonly number[]): string {
  if (years.length === 0) return '—';
  const first = years[0] ?? 0;
  const last = years.at(-1) ?? 0;
  return first === last ? String(first) : `${String(first)}–${String(last)}`;
}

function CorpusIndicator() {
  const t = useT();
  const corpus = useApp((s) => s.corpus);
  const info = corpus.info;
  if (!info) {
    return (
      <div className="corpus-indicator" data-testid="corpus-indicator" data-state={corpus.status} role="status">
        {corpus.status === 'loading' ? t('corpus.loading') : t('corpus.none')}
      </div>
    );
  }
  const label = info.label === DEFAULT_CORPUS_LABEL ? t('corpus.default') : info.label;
  return (
    <div
      className="corpus-indicator"
      data-testid="corpus-indicator"
      data-state={corpus.status}
      data-reports={info.reports}
      data-agencies={info.agencies}
      role="status"
    >
      <span>{t('corpus.indicator', { label, reports: info.reports, agencies: info.agencies, years: yearsRange(info.years) })}</span>
      {corpus.replacing ? <span className="corpus-replacing"> · {t('corpus.replacing')}</span> : null}
    </div>
  );
}

export function Header() {
  const t = useT();
  const lang = useApp((s) => s.ui.lang);
  const setLang = useApp((s) => s.setLang);
  const pushToast = useApp((s) => s.pushToast);
  const synthetic = useApp((s) => s.corpus.info?.synthetic ?? false);

  const copyLink = (): void => {
    flushUrl();
    const href = window.location.href;
    navigator.clipboard.writeText(href).then(
      () => { pushToast('info', bilingual('link.copied')); },
      () => { pushToast('error', bilingual('link.copyFailed')); },
    );
  };

  return (
    <header className="app-header">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <CorpusIndicator />
      </div>
      <div className="header-actions">
        <button type="button" onClick={copyLink} data-testid="copy-link">
          {t('link.copy')}
        </button>
        <button
          type="button"
          onClick={() => { setLang(lang === 'zh' ? 'en' : 'zh'); }}
          aria-label={t('lang.switch.aria')}
          data-testid="lang-switch"
        >
          {t('lang.switch')}
        </button>
      </div>
      {synthetic ? (
        <div className="synthetic-banner" role="alert" data-testid="synthetic-banner">
          {t('corpus.synthetic')}
        </div>
      ) : null}
    </header>
  );
}
