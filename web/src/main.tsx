import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { App } from './app';
import { FirstViewProvider, readEmbeddedFirstView } from './api/first-view';
import { startingLocale } from './i18n/i18n-context';
import { loadLocale } from './i18n/load-messages';
import { RENDERED_PAGES_ON_DEMAND } from './routes/lazy-pages';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The hall, a store's home and a model page come rendered by the server with the answers they
// were rendered from (entry-server.tsx): the same tree, on the same answers, takes them over.
const firstView = readEmbeddedFirstView();
const app = (
  <StrictMode>
    <FirstViewProvider data={firstView}>
      <Router>
        <App />
      </Router>
    </FirstViewProvider>
  </StrictMode>
);
// The first render needs its language's messages, which load on their own (i18n/load-messages.ts),
// and a rendered page loaded on demand needs its module: with them in, it shows what the server rendered.
const pageOnDemand = firstView && Object.hasOwn(RENDERED_PAGES_ON_DEMAND, firstView.kind) ? RENDERED_PAGES_ON_DEMAND[firstView.kind as keyof typeof RENDERED_PAGES_ON_DEMAND] : undefined;
// A page that fails to arrive says so once taken over (ui/lazy-page.tsx).
void Promise.all([loadLocale(startingLocale(firstView?.locale)), pageOnDemand?.preload().catch(() => {})]).then(() => {
  // Hydrating inside a transition lets React yield to the browser every few milliseconds, so a
  // tap on the rendered page is never stuck behind one long task while the page is taken over.
  if (firstView && root.hasChildNodes()) startTransition(() => void hydrateRoot(root, app));
  else createRoot(root).render(app);
});
