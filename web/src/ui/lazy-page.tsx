import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
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
  const load = () =>
    (loading ??= Promise.all([loadPage(), loadMessages()]).then(
      ([page]) => page,
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const Page = lazy(() =>
    load().then(
      (page) => ({ default: page }),
      (error: unknown) => {
        throw new PageLoadError('a page failed to load', { cause: error });
      },
    ),
  );
  const Frame = frame ?? Unframed;
  function PageOnDemand(props: Props) {
    const [location] = useLocation();
    return (
      <PageLoadBoundary
        location={location}
        fallback={
          <Frame>
            <ErrorState onRetry={() => window.location.reload()} />
          </Frame>
        }
      >
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
