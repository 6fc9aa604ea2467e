/**
 * What `npm run bench` measures. Each scenario is one request against the real server,
 * compared with a bare Fastify route answering a document of the same size (baseline-server.ts).
 * To add one, append an entry: the runner fetches it once, hands its body to the baseline
 * and measures both. Paths must name rows the demo seed creates.
 */
export interface Scenario {
  /** Short, kebab-case: used by --scenario and in the results file. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON request body (POST only); the baseline receives and parses the same body. */
  body?: unknown;
  /** Lowest acceptable app/baseline ratio of req/s; a run below it is flagged, not failed. */
  targetRatio?: number;
  /** Sale units the database must hold before this scenario runs (bench/stock-fill.ts tops it up). */
  stockUnits?: number;
}

export const scenarios: readonly Scenario[] = [
  { name: 'models-list', method: 'GET', path: '/api/v1/stores/renault/models', targetRatio: 0.6 },
  { name: 'model-detail', method: 'GET', path: '/api/v1/stores/renault/models/koleos', targetRatio: 0.6 },
  // Every dealer of the store measured from People's Square, Shanghai: the locator's whole work.
  { name: 'dealer-locator', method: 'GET', path: '/api/v1/stores/renault/dealers?near=31.2304,121.4737&limit=100&locale=en', targetRatio: 0.5 },
  // The 20 nearest of 5,000 dealers (bench-store.ts) to People's Square: what a buyer's phone asks.
  {
    name: 'dealer-locator-5000',
    method: 'GET',
    path: '/api/v1/stores/bench-dealers/dealers?near=31.2304,121.4737&limit=20&locale=en',
    targetRatio: 0.5,
  },
  // The same network by city, no point: the list a buyer without location sees.
  { name: 'dealer-city-5000', method: 'GET', path: '/api/v1/stores/bench-dealers/dealers?city=wuhan&limit=20&locale=en', targetRatio: 0.5 },
  {
    // Validates, prices and writes a row per request: the F1 Team edition's configuration.
    name: 'save-configuration',
    method: 'POST',
    path: '/api/v1/stores/renault/configurations',
    headers: { 'content-type': 'application/json' },
    body: {
      model: 'koleos',
      trim: 'koleos-25-4wd-luxury',
      options: ['paint-amethyst-black', 'wh-18', 'pk-roof', 'pk-safety', 'pk-bose', 'acc-dashcam'],
    },
  },
  // The buyer's stock search over a 100,000-unit fleet (20,000 Koleos), nearest dealers first:
  // at most 200 candidates read by index, ranked, and the store and nearby counts.
  {
    name: 'stock-search',
    method: 'GET',
    path: '/api/v1/stores/renault/stock?model=koleos&near=31.2304,121.4737&locale=en',
    stockUnits: 100_000,
  },
];
