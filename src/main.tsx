import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { appStore } from './store/store';
import { startUrlSync } from './store/urlSync';
import { loadDefaultCorpus } from './components/engine';
import './app.css';

startUrlSync(appStore);
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
