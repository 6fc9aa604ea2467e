import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/*
 * Each route's schemas become an Ajv validator and a fast-json-stringify serializer, a few
 * milliseconds of code generation apiece; with some 200 of them (HEAD copies of GET routes
 * included), compiling them all before listening kept /healthz waiting for over a second.
 * So each is compiled on the first request that needs it, or in the background once the
 * server listens, one per turn of the event loop, whichever comes first. A schema that does not
 * compile still stops a started server, a moment after it listens instead of before.
 */
export interface DeferredCompiles {
  /** A stand-in for `compile()`'s result: compiles on its first call, then is that function. */
  later<F extends (...args: never[]) => unknown>(compile: () => F): () => F;
  /** Compiles what no request has needed yet, yielding to requests between two compiles. */
  compileInBackground(): void;
  /** Stops the background compiling (the app is closing). */
  stop(): void;
}

export function createDeferredCompiles(): DeferredCompiles {
  const pending = new Set<() => unknown>();
  let stopped = false;
  return {
    later(compile) {
      let compiled: ReturnType<typeof compile> | undefined;
      const get = () => {
        if (compiled === undefined) {
          compiled = compile();
          pending.delete(get);
        }
        return compiled;
      };
      pending.add(get);
      return get;
    },
    compileInBackground() {
      const next = () => {
        const first = pending.values().next();
        if (stopped || first.done) return;
        first.value();
        setImmediate(next).unref();
      };
      setImmediate(next).unref();
    },
    stop() {
      stopped = true;
    },
  };
}

type SerializerFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;

// Fastify's own serializer factory (fast-json-stringify), from where Fastify itself loads it.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const fastifySerializers = (requireFromFastify('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory }).SerializerSelector();

/** Fastify's response serializers, each compiled when first used (see above). */
export function deferredSerializers(compiles: DeferredCompiles): SerializerFactory {
  return (externalSchemas, options) => {
    const compileFor = fastifySerializers(externalSchemas, options);
    return (route) => {
      const serializer = compiles.later(() => compileFor(route));
      return (data) => serializer()(data);
    };
  };
}
