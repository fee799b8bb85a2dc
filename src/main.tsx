import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { appStore } from './store/store';
import { startUrlSync } from './store/urlSync';
import { subscribeAhead } from './components/ahead';
import { loadDefaultCorpus, startAhead } from './components/engine';
import { auditAhead } from './views/audit/useAudit';
import './app.css';

startUrlSync(appStore);
// Before React subscribes: a change's statements are posted before it is rendered.
subscribeAhead(appStore, startAhead, auditAhead);
appStore.subscribe((s, prev) => {
  if (s.ui.lang !== prev.ui.lang) document.documentElement.lang = s.ui.lang === 'zh' ? 'zh-CN' : 'en';
});
document.documentElement.lang = appStore.getState().ui.lang === 'zh' ? 'zh-CN' : 'en';
void loadDefaultCorpus();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
