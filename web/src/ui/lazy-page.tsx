import { Component, Suspense, use, useState, type ComponentType, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { ErrorState, LoadingState } from './request-states';

type Frame = ComponentType<{ children: ReactNode }>;

export type LazyPage<Props extends object> = ComponentType<Props> & {
  /** Starts loading the page's chunk before it is shown (on intent); the browser fetches it once. */
  preload(): Promise<unknown>;
};

/** A page's chunk did not arrive: offline, or a deployment replaced it since this tab loaded. */
class PageLoadError extends Error {}

/**
 * One page exported by a module loaded on demand, shown once it and the messages it needs are
 * in. While they load, the page shows the frame it will have with a spinner in it (as
 * RequireAccount does while the session loads), so the header does not jump; `frame` is null
 * for a page that draws its own. A chunk that fails to arrive offers a reload, which also
 * fetches a newer deployment's chunks.
 */
export function lazyPage<Props extends object>(
  loadPage: () => Promise<ComponentType<Props>>,
  frame: Frame | null,
  loadMessages: () => Promise<unknown>,
): LazyPage<Props> {
  // One load for preloading and showing; a failed one is forgotten, so a later attempt retries.
  let loading: Promise<ComponentType<Props>> | undefined;
  // Once in, the page renders at once, with no suspending: the server renders a page on demand
  // this way, and the browser hydrates it the same way once it has preloaded it (main.tsx).
  let loaded: ComponentType<Props> | undefined;
  const load = () =>
    (loading ??= Promise.all([loadPage(), loadMessages()]).then(
      ([page]) => (loaded = page),
      (error: unknown) => {
        loading = undefined;
        throw new PageLoadError('a page failed to load', { cause: error });
      },
    ));
  // What a page on screen waits on. A failure stays for it, so its notice shows (and offers a
  // reload) rather than a new attempt at every render; a preload on intent still tries again.
  let shown: Promise<ComponentType<Props>> | undefined;
  function Page(props: Props) {
    const Loaded = loaded ?? use((shown ??= load()));
    return <Loaded {...props} />;
  }
  const Frame = frame ?? Unframed;
  function PageOnDemand(props: Props) {
    const [location] = useLocation();
    // A page already in needs no boundary to wait in, and must have none when it was rendered on
    // the server: React hydrates a boundary's content in a later pass than the page around it,
    // after the first view's answers are spent (api/first-view.tsx). Kept for the mount, so a
    // page that arrives while shown is not mounted again.
    const [inAlready] = useState(() => loaded !== undefined);
    return (
      <PageLoadBoundary
        location={location}
        fallback={
          <Frame>
            <ErrorState onRetry={() => window.location.reload()} />
          </Frame>
        }
      >
        {inAlready ? (
          <Page {...props} />
        ) : (
          <Suspense
            fallback={
              <Frame>
                <LoadingState>
                  <div className="page-spinner" />
                </LoadingState>
              </Frame>
            }
          >
            <Page {...props} />
          </Suspense>
        )}
      </PageLoadBoundary>
    );
  }
  return Object.assign(PageOnDemand, { preload: load });
}

function Unframed({ children }: { children: ReactNode }) {
  return children;
}

interface PageLoadBoundaryProps {
  /** Leaving the page forgets its failure: the next page may load fine. */
  location: string;
  fallback: ReactNode;
  children: ReactNode;
}

/** Catches only a page's failure to load; any other error goes on up, as it did before pages were split. */
class PageLoadBoundary extends Component<PageLoadBoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: PageLoadBoundaryProps) {
    if (this.state.error !== null && previous.location !== this.props.location) this.setState({ error: null });
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof PageLoadError) return this.props.fallback;
    throw error;
  }
}
