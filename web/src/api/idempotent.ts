import { ApiError } from './client';

/**
 * Sends one write under its intent's Idempotency-Key. While the server still runs an earlier
 * send of the same key (409 in progress), it waits and asks again with the same key: the answer
 * is then the first one's, never a second order, payment, claim or voucher.
 */
export async function idempotent<T>(key: string, send: (header: { 'idempotency-key': string }) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send({ 'idempotency-key': key });
    } catch (error) {
      if (attempt >= 5 || !(error instanceof ApiError) || error.code !== 'IDEMPOTENCY_REQUEST_IN_PROGRESS') throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
