/** The console's schema browser: every corpus table and view, its columns, types and documented meanings; a click inserts the name. */
import { COMPLETION_TABLES } from '../../sqlconsole/completion';

export function SchemaBrowser({ lang, onInsert, present }: { lang: 'zh' | 'en'; onInsert: (text: string) => void; present: ReadonlySet<string> | null }) {
  return (
    <div className="schema-browser" data-testid="sql-schema">
      {COMPLETION_TABLES.map((t) => {
        const absent = present !== null && !present.has(t.name);
        return (
          <details key={t.name} data-table={t.name}>
            <summary>
              <button type="button" className="link mono" onClick={() => { onInsert(t.name); }} title={lang === 'zh' ? t.zh : t.en}>{t.name}</button>{' '}
              <span className="muted">{t.kind === 'view' ? 'view' : ''}{absent ? (lang === 'zh' ? '（当前语料没有此表）' : ' (not in this corpus)') : ''}</span>
            </summary>
            <p className="note">{lang === 'zh' ? t.zh : t.en}</p>
            <ul>
              {t.columns.map((c) => (
                <li key={c.name}>
                  <button type="button" className="link mono" onClick={() => { onInsert(c.name); }}>{c.name}</button>{' '}
                  <span className="col-type">{c.type}</span>{' '}
                  <span className="muted">{lang === 'zh' ? c.zh : c.en}</span>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
