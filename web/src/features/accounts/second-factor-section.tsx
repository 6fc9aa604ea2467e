import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { renderSVG } from 'uqr';
import { useRequest } from '../../api/use-request';
import { useT } from '../../i18n/i18n-context';
import { FormAlert, FormSuccess } from '../../ui/form';
import { ErrorState, LoadingState } from '../../ui/request-states';
import { confirmTotpEnrolment, fetchSecondFactor, startTotpEnrolment, type TotpEnrolment } from './accounts.api';
import { checkCode, describeAuthError, type FormProblem } from './auth-errors';
import { OneTimeCodeField } from './identifier-fields';

/**
 * How a staff account proves its second factor at sign-in: SMS to the staff phone until an
 * authenticator app is set up here (scan the QR code, confirm with the code it shows).
 */
export function SecondFactorSection() {
  const t = useT();
  const errorId = useId();
  const status = useRequest((signal) => fetchSecondFactor(signal), []);
  const [enrolment, setEnrolment] = useState<TotpEnrolment>();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function start() {
    setProblem(undefined);
    setDone(false);
    setBusy(true);
    try {
      setEnrolment(await startTotpEnrolment());
      setCode('');
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    const invalid = checkCode(code);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      await confirmTotpEnrolment(code);
      setEnrolment(undefined);
      setDone(true);
      status.retry();
    } catch (error) {
      setProblem(describeAuthError(error));
    } finally {
      setBusy(false);
    }
  }

  const current = status.data;
  return (
    <section className="panel" aria-labelledby="second-factor-title">
      <h2 className="panel__title" id="second-factor-title">
        {t('account.secondFactor.title')}
      </h2>
      {status.error && !current ? (
        <ErrorState onRetry={status.retry} />
      ) : !current ? (
        <LoadingState>
          <div className="skeleton-line" />
        </LoadingState>
      ) : (
        <p className="panel__intro">
          {current.totpEnabled
            ? t('account.secondFactor.byApp')
            : current.smsDestination
              ? t('account.secondFactor.bySms', { destination: current.smsDestination })
              : t('account.secondFactor.none')}
        </p>
      )}
      {done && <FormSuccess>{t('account.secondFactor.enabled')}</FormSuccess>}
      {enrolment ? (
        <TotpSetup enrolment={enrolment}>
          <form className="form" onSubmit={confirm} noValidate>
            <OneTimeCodeField
              label={t('account.secondFactor.code')}
              name="totp-code"
              code={code}
              onCodeChange={setCode}
              invalid={problem?.field === 'code'}
              errorId={errorId}
            />
            {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('account.secondFactor.confirm')}
            </button>
          </form>
        </TotpSetup>
      ) : (
        <>
          {problem && <FormAlert id={errorId}>{t(problem.key, problem.params)}</FormAlert>}
          <button type="button" className="button button--secondary" disabled={busy || !current} onClick={start}>
            {t(current?.totpEnabled ? 'account.secondFactor.replace' : 'account.secondFactor.setUp')}
          </button>
        </>
      )}
    </section>
  );
}

function TotpSetup({ enrolment, children }: { enrolment: TotpEnrolment; children: ReactNode }) {
  const t = useT();
  const qr = useMemo(() => renderSVG(enrolment.uri, { border: 2, ecc: 'M' }), [enrolment.uri]);
  return (
    <div className="totp-setup">
      <p className="panel__intro">{t('account.secondFactor.scan')}</p>
      <div className="totp-setup__qr" role="img" aria-label={t('account.secondFactor.qr')} dangerouslySetInnerHTML={{ __html: qr }} />
      <p className="item__meta">
        {t('account.secondFactor.secret')} <code className="item__code">{enrolment.secret}</code>
      </p>
      {children}
    </div>
  );
}
