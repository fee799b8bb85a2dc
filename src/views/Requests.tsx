/** 依申请 Requests: outcome composition (the eight refusal reasons included), applicant mix, carry-over; counts or shares. */
import { useMemo } from 'react';
import { applicantMixSql, carryOverSql, requestOutcomesSql } from '../queries/requests';
import { metric } from '../queries/metrics';
import { useApp } from '../store/store';
import { useLang, useT } from '../i18n/useT';
import { useQuery, type QueryState } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { groupedBarChart, stackedBarChart, type Point } from './charts';
import { num, rowsOf, str, unitName, useChartBase, useFilters, record } from './common';
import type { Bilingual } from '../model/report';

function StackedCard({ id, title, q, labelField, share, definition }: { id: string; title: string; q: QueryState; labelField: 'outcome' | 'applicant'; share: boolean; definition: Bilingual }) {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const rows = rowsOf(q.result);
  const points: Point[] = useMemo(
    () => rows.map((r) => ({ x: str(r.year) ?? '', series: (lang === 'zh' ? str(r.label_zh) : str(r.label_en)) ?? str(r[labelField]) ?? '', value: num(r.value) })),
    [rows, lang, labelField],
  );
  const hasValue = points.some((p) => p.value !== null);
  const option = useMemo(
    () => (hasValue ? stackedBarChart(points, { ...base, title, format: 'count', valueName: unitName('count', lang), share }) : null),
    [hasValue, points, base, title, lang, share],
  );
  return (
    <ChartCard
      id={id}
      title={title}
      definition={definition}
      option={option}
      table={{
        columns: [{ key: 'year', label: t('agency.year') }, { key: 'label', label: title }, { key: 'value', label: t('requests.absolute') }, { key: 'share', label: t('requests.share') }],
        rows: rows.map((r) => ({ year: num(r.year), label: lang === 'zh' ? str(r.label_zh) : str(r.label_en), value: num(r.value), share: num(r.share) })),
      }}
      loading={q.loading}
      slow={q.slow}
      error={q.error}
      emptyReason={!hasValue ? t('state.empty.metric', { reason: title }) : null}
      height={380}
      wide={labelField === 'outcome'}
    />
  );
}

function CarryOver() {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const f = useFilters();
  const q = useQuery(carryOverSql(f), 'requests-carry');
  const rows = rowsOf(q.result);
  const fields = ['carried_over', 'new_received', 'results_total', 'carried_forward'] as const;
  const names: Record<(typeof fields)[number], string> = {
    carried_over: lang === 'zh' ? '上年结转' : 'Carried over',
    new_received: lang === 'zh' ? '本年新收' : 'New received',
    results_total: lang === 'zh' ? '办理结果总计' : 'Results total',
    carried_forward: lang === 'zh' ? '结转下年度' : 'Carried forward',
  };
  const points: Point[] = rows.flatMap((r) => fields.map((k) => ({ x: str(r.year) ?? '', series: names[k], value: num(r[k]) })));
  const hasValue = points.some((p) => p.value !== null);
  const title = t('requests.carry');
  const option = hasValue ? groupedBarChart(points, { ...base, title, format: 'count', valueName: unitName('count', lang) }) : null;
  const m = metric('carried_over');
  return (
    <ChartCard
      id="requests-carry"
      title={title}
      definition={{
        zh: `${m.definition.zh}；勾稽关系：新收 + 上年结转 = 办理结果总计 + 结转下年度`,
        en: `${m.definition.en}; balance: new + carried over = results total + carried forward`,
      }}
      option={option}
      table={{ columns: [{ key: 'year', label: t('agency.year') }, ...fields.map((k) => ({ key: k, label: names[k] }))], rows: rows.map((r) => record([['year', num(r.year)] as const, ...fields.map((k) => [k, num(r[k])] as const)])) }}
      loading={q.loading}
      slow={q.slow}
      error={q.error}
      emptyReason={!hasValue ? t('state.empty.metric', { reason: title }) : null}
    />
  );
}

export function RequestsView() {
  const t = useT();
  const f = useFilters();
  const share = useApp((s) => s.ui.params.share);
  const setParams = useApp((s) => s.setParams);
  const outcomes = useQuery(requestOutcomesSql(f, 'year'), 'requests-outcomes');
  const applicants = useQuery(applicantMixSql(f), 'requests-applicants');
  return (
    <div className="grid">
      <div className="view-controls" role="group" aria-label={t('requests.share')}>
        <button type="button" className={`chip${!share ? ' on' : ''}`} aria-pressed={!share} onClick={() => { setParams({ share: false }); }} data-testid="requests-absolute">{t('requests.absolute')}</button>
        <button type="button" className={`chip${share ? ' on' : ''}`} aria-pressed={share} onClick={() => { setParams({ share: true }); }} data-testid="requests-share">{t('requests.share')}</button>
      </div>
      <StackedCard
        id="requests-outcomes"
        title={t('requests.outcomes')}
        q={outcomes}
        labelField="outcome"
        share={share}
        definition={{
          zh: '表三“三、本年度办理结果”各行总计列之和：予以公开、部分公开、不予公开（8 项理由）、无法提供（3 项）、不予处理（5 项）、其他处理；占比 = 该项 / 当年各项之和',
          en: 'Table 3 results rows, total column, summed: granted, partially granted, denied (8 reasons), unable (3), not processed (5), other; share = item / sum of the year',
        }}
      />
      <StackedCard
        id="requests-applicants"
        title={t('requests.applicants')}
        q={applicants}
        labelField="applicant"
        share={share}
        definition={{ zh: '表三“本年新收”行按申请人类型（自然人、法人或其他组织五类）之和', en: 'Table 3 "new requests" row by applicant type, summed' }}
      />
      <CarryOver />
    </div>
  );
}
