import { Type } from 'typebox';
import { clearSessionCookies, requestMeta, setSessionCookies } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { DomainError } from '../../shared/errors.js';
import { negotiateLocale } from '../../shared/locale.js';
import { problemResponses } from '../../shared/schemas.js';
import { access, type Principal } from '../access/access.policy.js';
import {
  ApiTokenCreateBody,
  ApiTokenCreatedResponse,
  ApiTokenListResponse,
  CodeRequestBody,
  CodeSentResponse,
  CodeVerifyBody,
  IdParams,
  LoginBody,
  LoginResponse,
  MeResponse,
  PasswordChangeBody,
  PasswordChangedResponse,
  ProfileBody,
  RegisterBody,
  SecondFactorBody,
  SecondFactorResponse,
  SessionListResponse,
  SessionProbeResponse,
  SignedInResponse,
  TotpConfirmBody,
  TotpEnrolmentResponse,
} from './accounts.schemas.js';
import * as accounts from './accounts.service.js';

const NoContent = Type.Null({ description: 'Done.' });
const sessionOnly = access.signedIn(undefined, { sessionOnly: true });

function sessionOf(principal: Principal) {
  if (principal.kind !== 'session') throw new DomainError('forbidden', 'ACCESS_FORBIDDEN', 'Sign in with a session to do this.');
  return principal;
}

export async function accountRoutes(app: App, { deps }: { deps: accounts.AccountDeps }): Promise<void> {
  app.post(
    '/auth/otp',
    {
      config: { access: access.public },
      schema: {
        tags: ['accounts'],
        summary: 'Send a one-time code by SMS (mobile number) or email',
        description: 'Answers the same whether or not an account uses the destination. One code a minute per destination.',
        body: CodeRequestBody,
        response: { 202: CodeSentResponse, ...problemResponses(400, 429, 503) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.body.locale, request.headers['accept-language']);
      const sent = await accounts.requestCode(deps, { destination: request.body.destination, locale }, requestMeta(request));
      return reply.code(202).send(sent);
    },
  );

  app.post(
    '/auth/otp/verify',
    {
      config: { access: access.public },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with a one-time code; a new number or email gets a buyer account',
        description: 'Buyers only: staff accounts are refused (403) and sign in with a password and a second factor.',
        body: CodeVerifyBody,
        response: { 200: SignedInResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.body.locale, request.headers['accept-language']);
      const { account, session, created } = await accounts.signInWithCode(
        deps,
        { destination: request.body.destination, code: request.body.code, locale },
        requestMeta(request),
      );
      setSessionCookies(request, reply, session);
      return { account, csrfToken: session.csrfToken, created };
    },
  );

  app.post(
    '/auth/register',
    {
      config: { access: access.public },
      schema: {
        tags: ['accounts'],
        summary: 'Create a buyer account with a password, proving the phone or email with a code',
        body: RegisterBody,
        response: { 201: SignedInResponse, ...problemResponses(400, 401, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.body.locale, request.headers['accept-language']);
      const { account, session } = await accounts.register(deps, { ...request.body, locale }, requestMeta(request));
      setSessionCookies(request, reply, session);
      return reply.code(201).send({ account, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { access: access.public },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with a password; staff then answer a second factor',
        description:
          'Five failures in a row lock the identifier for a minute, doubling with each further failure up to an hour. ' +
          'Dealer staff and administrators get `secondFactor: "required"` and no session: the code goes to /auth/login/second-factor. ' +
          'Staff of a switched-off dealer who give the right password get 403 `AUTH_DEALER_SWITCHED_OFF` instead (a wrong one, the usual 401).',
        body: LoginBody,
        response: { 200: LoginResponse, ...problemResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request, reply) => {
      const result = await accounts.loginWithPassword(deps, request.body, requestMeta(request));
      if ('secondFactor' in result) return result;
      setSessionCookies(request, reply, result.session);
      return { account: result.account, csrfToken: result.session.csrfToken };
    },
  );

  app.post(
    '/auth/login/second-factor',
    {
      config: { access: access.public },
      schema: {
        tags: ['accounts'],
        summary: 'Finish a staff sign-in with the SMS code or the authenticator app’s code',
        body: SecondFactorBody,
        response: { 200: SignedInResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { account, session } = await accounts.completeSecondFactor(deps, request.body, requestMeta(request));
      setSessionCookies(request, reply, session);
      return { account, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: sessionOnly },
      schema: { tags: ['accounts'], summary: 'Sign out: revokes this session', response: { 204: NoContent, ...problemResponses(401, 403) } },
    },
    async (request, reply) => {
      await accounts.logout(deps, sessionOf(request.principal), requestMeta(request));
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  // The web app asks this on every page load: a signed-out visitor is an answer, not an error,
  // so a plain visit logs no failed request. /me stays 401 for callers that need an account.
  app.get(
    '/auth/session',
    {
      config: { access: access.publicIdentified },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, if anyone: the account, or null when signed out',
        response: { 200: SessionProbeResponse, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind === 'anonymous') {
        // A cookie the server no longer knows (expired, revoked) is dropped along with its CSRF twin.
        if (requestMeta(request).presentedSession) clearSessionCookies(reply);
        return { account: null, csrfToken: null };
      }
      return {
        account: await accounts.getAccount(deps.db, principal),
        csrfToken: principal.kind === 'session' ? principal.csrfToken : null,
      };
    },
  );

  app.get(
    '/me',
    {
      config: { access: access.signedIn() },
      schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: MeResponse, ...problemResponses(401) } },
    },
    async (request) => {
      const principal = request.principal;
      if (principal.kind === 'anonymous') throw new DomainError('unauthenticated', 'AUTH_REQUIRED', 'Sign in to do this.');
      return {
        account: await accounts.getAccount(deps.db, principal),
        csrfToken: principal.kind === 'session' ? principal.csrfToken : null,
      };
    },
  );

  app.patch(
    '/me',
    {
      config: { access: sessionOnly },
      schema: {
        tags: ['accounts'],
        summary: 'Change display name or language',
        body: ProfileBody,
        response: { 200: MeResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = sessionOf(request.principal);
      return { account: await accounts.updateProfile(deps, principal, request.body), csrfToken: principal.csrfToken };
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: sessionOnly },
      schema: {
        tags: ['accounts'],
        summary: 'Set or change the password; ends every other session and every API token, and renews this session',
        description: 'The current password is checked under the sign-in lockout, per account, and limited per account and IP.',
        body: PasswordChangeBody,
        response: { 200: PasswordChangedResponse, ...problemResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const { session, ...revoked } = await accounts.changePassword(deps, sessionOf(request.principal), request.body, requestMeta(request));
      setSessionCookies(request, reply, session);
      return { ...revoked, csrfToken: session.csrfToken };
    },
  );

  const staffSession = access.signedIn(['dealer_staff', 'brand_admin', 'platform_admin'], { sessionOnly: true });

  app.get(
    '/me/second-factor',
    {
      config: { access: staffSession },
      schema: {
        tags: ['accounts'],
        summary: 'How this staff account proves its second factor at sign-in',
        response: { 200: SecondFactorResponse, ...problemResponses(401, 403) },
      },
    },
    async (request) => accounts.getSecondFactor(deps, sessionOf(request.principal)),
  );

  app.post(
    '/me/second-factor/totp',
    {
      config: { access: staffSession },
      schema: {
        tags: ['accounts'],
        summary: 'Start setting up an authenticator app (TOTP): a new secret, in force once confirmed',
        response: { 201: TotpEnrolmentResponse, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await accounts.startTotpEnrolment(deps, sessionOf(request.principal), requestMeta(request))),
  );

  app.post(
    '/me/second-factor/totp/confirm',
    {
      config: { access: staffSession },
      schema: {
        tags: ['accounts'],
        summary: 'Confirm the authenticator app with the code it shows; later sign-ins ask for it instead of SMS',
        body: TotpConfirmBody,
        response: { 200: SecondFactorResponse, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request) => accounts.confirmTotpEnrolment(deps, sessionOf(request.principal), request.body.code, requestMeta(request)),
  );

  app.get(
    '/me/sessions',
    {
      config: { access: sessionOnly },
      schema: { tags: ['accounts'], summary: 'Where this account is signed in', response: { 200: SessionListResponse, ...problemResponses(401, 403) } },
    },
    async (request) => ({ sessions: await accounts.listSessions(deps, sessionOf(request.principal)) }),
  );

  app.delete(
    '/me/sessions/:id',
    {
      config: { access: sessionOnly },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out one session of this account',
        params: IdParams,
        response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await accounts.revokeSession(deps, sessionOf(request.principal), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  const tokenOwners = access.signedIn(['brand_admin', 'dealer_staff'], { sessionOnly: true });

  app.get(
    '/me/api-tokens',
    {
      config: { access: tokenOwners },
      schema: { tags: ['accounts'], summary: 'Integration tokens made by this account', response: { 200: ApiTokenListResponse, ...problemResponses(401, 403) } },
    },
    async (request) => ({ apiTokens: await accounts.listApiTokens(deps, sessionOf(request.principal)) }),
  );

  app.post(
    '/me/api-tokens',
    {
      config: { access: tokenOwners },
      schema: {
        tags: ['accounts'],
        summary: 'Make an integration token acting with this account’s role and tenant',
        body: ApiTokenCreateBody,
        response: { 201: ApiTokenCreatedResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const created = await accounts.createApiToken(deps, sessionOf(request.principal), request.body, requestMeta(request));
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/me/api-tokens/:id',
    {
      config: { access: tokenOwners },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an integration token',
        params: IdParams,
        response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await accounts.revokeApiToken(deps, sessionOf(request.principal), request.params.id, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
}
