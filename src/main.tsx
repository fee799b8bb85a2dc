import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { appStore } from './store/store';
import { connectStore } from './store/connect';
import { loadDefaultCorpus, startAhead } from './components/engine';
import { auditAhead } from './views/audit/useAudit';
import './app.css';

// Before React subscribes: a change's statements are posted before it is rendered.
connectStore(appStore, { start: startAhead, audit: auditAhead, win: window });
void loadDefaultCorpus();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
