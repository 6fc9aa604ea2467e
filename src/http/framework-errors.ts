import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE, sendProblem } from '../shared/http-errors.js';

/*
 * Errors Fastify or Node raise before any route or hook runs: an undecodable path, an
 * over-long one, a request line Node cannot parse. They get the same problem+json, request
 * id and security headers as every other answer; these replies skip the hooks that
 * normally add them, so the headers are written here.
 */

/** What an error page needs of the security headers: it embeds nothing and may not be framed. */
export const BARE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Longer URLs are refused with 414: nginx's default buffer is 8 KiB, and no route needs more. */
export const MAX_URL_LENGTH = 8 * 1024;

/** Answered from the first onRequest hook: an error page needs only the bare security headers. */
export function uriTooLong(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.headers(BARE_SECURITY_HEADERS);
  return sendProblem(reply, problem(414, 'REQUEST_URI_TOO_LONG', `The URL is longer than ${MAX_URL_LENGTH} characters.`));
}

/** A request that arrives on a kept-alive connection while the instance drains for a restart. */
export function serverClosing(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.headers({ ...BARE_SECURITY_HEADERS, connection: 'close', 'retry-after': '1' });
  return sendProblem(reply, problem(503, 'SERVER_CLOSING', 'This instance is shutting down. Try again.'));
}

/** Fastify's frameworkErrors: a path that does not decode, or a path parameter over the router's limit. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.headers({ ...BARE_SECURITY_HEADERS, 'x-request-id': request.id });
  // The URL is not echoed as `instance`: it is what could not be read.
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, problem(414, 'REQUEST_URI_TOO_LONG', 'A part of the URL path is too long.'));
    return;
  }
  sendProblem(reply, problem(400, 'REQUEST_BAD_URL', 'The URL path is not valid percent-encoded UTF-8.'));
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', detail: 'The request took too long to arrive.' },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'REQUEST_HEADERS_TOO_LARGE',
    detail: 'The request line and headers are larger than the server accepts.',
  },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'REQUEST_MALFORMED_HTTP', detail: 'The request is not valid HTTP/1.1.' };

/**
 * Node's clientError: the bytes are not an HTTP request the parser accepts. There is no
 * request object yet, so the answer is written to the socket, which is then closed; the
 * server itself keeps serving every other connection.
 */
export function onClientError(error: NodeJS.ErrnoException & { bytesParsed?: number }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code && CLIENT_ERRORS[error.code]) || MALFORMED;
  const body = JSON.stringify({ ...problem(known.status, known.code, known.detail) });
  const headers = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': randomUUID(),
    ...BARE_SECURITY_HEADERS,
    connection: 'close',
  };
  if (socket.writable) {
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${known.status} ${known.reason}\r\n${head}\r\n${body}`);
  }
  socket.destroy();
}
