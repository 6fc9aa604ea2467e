import { useId, useState, type FormEvent } from 'react';
import { useRequest } from '../../api/use-request';
import { useLocale, useT } from '../../i18n/i18n-context';
import { Field, FormAlert } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { createApiToken, fetchApiTokens, revokeApiToken, type ApiToken, type ApiTokenCreated } from './accounts.api';
import { formatDate } from './account-dates';
import { describeAuthError, type FormProblem } from './auth-errors';

/** How long a new token may live; the server refuses more than a year. */
const VALIDITY_DAYS = [30, 90, 180, 365] as const;
const DEFAULT_VALIDITY = 90;

/** Integration tokens of a brand admin or dealer staff: made here, their secret shown once, expiring. */
export function ApiTokensSection() {
  const t = useT();
  const errorId = useId();
  const tokens = useRequest((signal) => fetchApiTokens(signal), []);
  const [name, setName] = useState('');
  const [validity, setValidity] = useState<number>(DEFAULT_VALIDITY);
  const validityId = useId();
  const [created, setCreated] = useState<ApiTokenCreated>();
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const [revokingId, setRevokingId] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    const tokenName = name.trim();
    if (!tokenName) {
      setProblem({ key: 'account.tokens.nameRequired', field: 'tokenName' });
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      setCreated(await createApiToken(tokenName, validity));
      setName('');
      tokens.retry();
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: ApiToken) {
    setProblem(undefined);
    setRevokingId(token.id);
    try {
      await revokeApiToken(token.id);
      if (created?.apiToken.id === token.id) setCreated(undefined);
      tokens.retry();
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setRevokingId(undefined);
    }
  }

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 className="panel__title" id="tokens-title">
        {t('account.tokens.title')}
      </h2>
      <p className="panel__intro">{t('account.tokens.intro')}</p>
      {created && <NewTokenSecret created={created} onDismiss={() => setCreated(undefined)} />}
      <form className="form form--inline" onSubmit={create} noValidate>
        <Field
          label={t('account.tokens.name')}
          name="token-name"
          autoComplete="off"
          maxLength={80}
          placeholder={t('account.tokens.namePlaceholder')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          invalid={problem?.field === 'tokenName'}
          errorId={errorId}
        />
        <div className="field">
          <label className="field__label" htmlFor={validityId}>
            {t('account.tokens.validity')}
          </label>
          <div className="field__box">
            <select
              id={validityId}
              className="field__input"
              name="token-validity"
              value={validity}
              onChange={(event) => setValidity(Number(event.target.value))}
            >
              {VALIDITY_DAYS.map((days) => (
                <option key={days} value={days}>
                  {t('account.tokens.days', { count: days })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t(busy ? 'account.tokens.creating' : 'account.tokens.create')}
        </button>
      </form>
      {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
      {tokens.error && !tokens.data ? (
        <ErrorState onRetry={tokens.retry} />
      ) : !tokens.data ? (
        <LoadingState>
          <div className="skeleton-line" />
        </LoadingState>
      ) : tokens.data.length === 0 ? (
        <p className="panel__empty">{t('account.tokens.empty')}</p>
      ) : (
        <ul className="item-list" aria-labelledby="tokens-title">
          {tokens.data.map((token) => (
            <TokenItem key={token.id} token={token} busy={revokingId === token.id} onRevoke={() => revoke(token)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenItem({ token, busy, onRevoke }: { token: ApiToken; busy: boolean; onRevoke(): void }) {
  const t = useT();
  const { locale } = useLocale();
  const revoked = token.revokedAt !== null;
  // The list is drawn when the page loads: good enough to tell a lapsed token from a live one.
  const expired = !revoked && token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
  return (
    <li className="item" data-revoked={revoked || undefined}>
      <span className="item__icon" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="22" height="22">
          <circle cx="8" cy="12" r="3.8" fill="none" stroke="currentColor" strokeWidth="1.7" />
          <path d="M11.8 12H21m-3 0v3m-3-3v2" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
        </svg>
      </span>
      <div className="item__text">
        <p className="item__title">
          {token.name}
          {revoked && <span className="badge badge--muted">{t('account.tokens.revoked')}</span>}
          {expired && <span className="badge badge--muted">{t('account.tokens.expired')}</span>}
        </p>
        <p className="item__meta">
          <code className="item__code">{token.prefix}…</code> · {t('account.tokens.createdAt', { date: formatDate(token.createdAt, locale) })}
          {' · '}
          {token.lastUsedAt
            ? t('account.tokens.lastUsed', { date: formatDate(token.lastUsedAt, locale) })
            : t('account.tokens.neverUsed')}
          {token.expiresAt && !revoked && (
            <>
              {' · '}
              {t('account.tokens.expiresAt', { date: formatDate(token.expiresAt, locale) })}
            </>
          )}
        </p>
      </div>
      {!revoked && !expired && (
        <button
          type="button"
          className="button button--quiet button--small"
          aria-label={t('account.tokens.revokeLabel', { name: token.name })}
          disabled={busy}
          onClick={onRevoke}
        >
          {t('account.tokens.revoke')}
        </button>
      )}
    </li>
  );
}

/** The secret, once: the server keeps only its digest. */
function NewTokenSecret({ created, onDismiss }: { created: ApiTokenCreated; onDismiss(): void }) {
  const t = useT();
  const secretId = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for a manual copy.
      const range = document.createRange();
      const element = document.getElementById(secretId);
      if (!element) return;
      range.selectNodeContents(element);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  }

  return (
    <div className="secret" role="status">
      <p className="secret__title">{t('account.tokens.secretTitle')}</p>
      <p className="secret__body">{t('account.tokens.secretBody', { name: created.apiToken.name })}</p>
      <code className="secret__value" id={secretId}>
        {created.token}
      </code>
      <div className="secret__actions">
        <button type="button" className="button button--primary button--small" onClick={copy}>
          {t(copied ? 'account.tokens.copied' : 'account.tokens.copy')}
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
          {t('account.tokens.dismiss')}
        </button>
      </div>
    </div>
  );
}
