import { useCallback, useEffect, useRef, useState } from 'react';
import type { Locale } from '../../i18n/locales';
import { fetchCampaign, type CampaignView } from './campaigns.api';
import { betterOffset, clockOffset, serverNow, stateAt, type CampaignState, type ClockOffset } from './server-clock';

/** While the sale is on, the remaining count is asked for this often (the API keeps it a second fresh). */
const LIVE_POLL_MS = 2_000;
/** Before the start, an occasional look: an early end or a moved start shows up, and the clock is read again. */
const UPCOMING_POLL_MS = 30_000;

export interface CampaignFeed {
  campaign: CampaignView | undefined;
  error: unknown;
  offset: ClockOffset | null;
  /** The server's time now, moving on each second. */
  now: number;
  /** The state by the server's clock now (see stateAt). */
  state: CampaignState | undefined;
  retry(): void;
  /** Ask now, the clock too, as after a claim. */
  refresh(): void;
}

/**
 * The campaign, asked again every 2 s while the sale is on and the tab is seen (a hidden tab
 * asks nothing), with the server's clock read from every answer.
 */
export function useCampaign(store: string, slug: string, locale: Locale): CampaignFeed {
  const [campaign, setCampaign] = useState<CampaignView | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [offset, setOffset] = useState<ClockOffset | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  const inFlight = useRef<AbortController | null>(null);
  const now = useServerSecond(offset);
  const state = campaign ? stateAt(campaign, now) : undefined;

  const load = useCallback(
    (readClock: boolean) => {
      // A slow answer is never overtaken by an older one: one request at a time.
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      fetchCampaign(store, slug, locale, { signal: controller.signal, readClock }).then(
        ({ data, clock }) => {
          if (controller.signal.aborted) return;
          setCampaign(data);
          setError(undefined);
          if (readClock) setOffset((current) => betterOffset(current, clockOffset({ serverTime: data.serverTime, ...clock })));
        },
        (failure: unknown) => {
          if (!controller.signal.aborted) setError(failure);
        },
      );
    },
    [store, slug, locale],
  );

  useEffect(() => {
    load(true);
    return () => inFlight.current?.abort();
  }, [load, attempt]);

  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  const pollMs = state === 'live' ? LIVE_POLL_MS : state === 'upcoming' ? UPCOMING_POLL_MS : null;
  const loaded = campaign !== undefined;
  useEffect(() => {
    if (!visible || pollMs === null || !loaded) return;
    // The crowd's polls while on sale may be answered 304; the rare ones before the start read the clock again.
    const readClock = pollMs === UPCOMING_POLL_MS;
    const timer = setInterval(() => load(readClock), pollMs);
    return () => clearInterval(timer);
  }, [visible, pollMs, loaded, load]);

  // Back on a tab that was hidden: the count it shows is stale, ask at once.
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (visible && !wasVisible.current && pollMs !== null) load(true);
    wasVisible.current = visible;
  }, [visible, pollMs, load]);

  // At the start the count begins to move: ask at once rather than up to 30 s later.
  const previousState = useRef(state);
  useEffect(() => {
    if (previousState.current === 'upcoming' && state === 'live') load(false);
    previousState.current = state;
  }, [state, load]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(() => load(true), [load]);
  return { campaign, error, offset, now, state, retry, refresh };
}

/**
 * The server's time, re-rendering at each of its whole seconds, so a countdown ticks when the
 * server's second turns, not the phone's.
 */
export function useServerSecond(offset: ClockOffset | null): number {
  const [now, setNow] = useState(() => serverNow(Date.now(), offset));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = serverNow(Date.now(), offset);
      setNow(current);
      timer = setTimeout(tick, 1000 - (current % 1000) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [offset]);
  return now;
}
