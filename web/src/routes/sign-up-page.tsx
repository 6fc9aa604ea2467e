import { Link } from 'wouter';
import { AuthFrame, useNextPath, withNext } from '../features/accounts/auth-frame';
import { SignUpForm } from '../features/accounts/sign-up-form';
import { useT } from '../i18n/i18n-context';
import { useDocumentTitle } from '../ui/use-document-title';

export function SignUpPage() {
  const t = useT();
  const next = useNextPath();
  useDocumentTitle(t('auth.signUp.title'));
  const footer = (
    <>
      {t('auth.signUp.haveAccount')} <Link href={withNext('/signin', next)}>{t('auth.signUp.toSignIn')}</Link>
    </>
  );
  return (
    <AuthFrame title={t('auth.signUp.title')} subtitle={t('auth.signUp.subtitle')} titleId="signup-title" footer={footer}>
      <SignUpForm />
    </AuthFrame>
  );
}
