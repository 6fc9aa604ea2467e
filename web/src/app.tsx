import { useEffect } from 'react';
import { Route, Switch, useLocation } from 'wouter';
import { SessionProvider } from './features/accounts/session-context';
import { LocaleProvider } from './i18n/i18n-context';
import { AccountPage } from './routes/account-page';
import { BrandConsole, DealerConsole } from './routes/console-page';
import { ConfiguratorPage } from './routes/configurator-page';
import { ModelPage } from './routes/model-page';
import { NotFound } from './routes/not-found';
import { SignInPage } from './routes/sign-in-page';
import { SharedConfigurationPage } from './routes/shared-configuration-page';
import { SignUpPage } from './routes/sign-up-page';
import { StorefrontHome } from './routes/storefront-home';

export function App() {
  return (
    <LocaleProvider>
      <SessionProvider>
        <ScrollToTopOnNavigate />
        <Switch>
          <Route path="/" component={StorefrontHome} />
          <Route path="/models/:slug/configure">{({ slug }) => <ConfiguratorPage slug={slug} />}</Route>
          <Route path="/models/:slug">{({ slug }) => <ModelPage slug={slug} />}</Route>
          <Route path="/c/:code">{({ code }) => <SharedConfigurationPage code={code} />}</Route>
          <Route path="/signin" component={SignInPage} />
          <Route path="/signup" component={SignUpPage} />
          <Route path="/account" component={AccountPage} />
          <Route path="/dealer" component={DealerConsole} />
          <Route path="/admin" component={BrandConsole} />
          <Route component={NotFound} />
        </Switch>
      </SessionProvider>
    </LocaleProvider>
  );
}

// A client-side navigation keeps the scroll position by default; a new page should open at its top.
function ScrollToTopOnNavigate() {
  const [location] = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location]);
  return null;
}
