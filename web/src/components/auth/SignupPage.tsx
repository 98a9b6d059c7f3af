import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { accountKinds, minPasswordLength, signIn, signUp, type AccountKind } from '../../api/identity';
import { Link, navigate, safeNextPath, useLocation } from '../../router';
import { useSession } from '../../session';
import { PasswordField, TextField } from '../form/Field';
import { ProblemAlert } from '../form/ProblemAlert';
import { focusFirstError, looksLikeEmail, type FieldErrors } from '../form/validation';
import { usePageTitle } from '../usePageTitle';

type Field = 'email' | 'password' | 'displayName';
const order: readonly Field[] = ['email', 'password', 'displayName'];
const idOf = (field: Field) => `signup-${field}`;

/** `/signup`: create a City OS ID, then go on to `?next=` or マイデータ. */
export function SignupPage() {
  const { t } = useTranslation();
  usePageTitle(t('signup.title'));
  const { search } = useLocation();
  const { reload } = useSession();
  const requested = safeNextPath(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [kind, setKind] = useState<AccountKind>('citizen');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  function check(): FieldErrors<Field> {
    const found: FieldErrors<Field> = {};
    if (email.trim() === '') found.email = t('validation.required', { field: t('fields.email') });
    else if (!looksLikeEmail(email)) found.email = t('validation.email');
    if (password.length < minPasswordLength) found.password = t('validation.passwordLength', { min: minPasswordLength });
    if (displayName.trim() === '') found.displayName = t('validation.required', { field: t('fields.displayName') });
    return found;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = check();
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      focusFirstError(order, found, idOf);
      return;
    }
    setPending(true);
    const credentials = { email: email.trim(), password };
    const created = await signUp({ ...credentials, displayName: displayName.trim(), kind });
    // Sign-up opens a session; if this server does not, sign in with the same credentials.
    let failure: Problem | null = created.ok ? null : created.problem;
    if (failure === null && (await reload()).state !== 'signedIn') {
      const signedIn = await signIn(credentials);
      failure = signedIn.ok ? null : signedIn.problem;
      if (failure === null) await reload();
    }
    setPending(false);
    if (failure !== null) {
      setProblem(failure);
      return;
    }
    navigate(requested ?? '/mydata', { replace: true });
  }

  return (
    <div className="page page--narrow">
      <section className="section auth" aria-labelledby="signup-title">
        <h1 id="signup-title" className="page-title" tabIndex={-1}>
          {t('signup.title')}
        </h1>
        <p className="section__intro">{t('signup.lead')}</p>
        <div className="panel">
          <form className="form" id="signup-form" noValidate onSubmit={(event) => void submit(event)}>
            <ProblemAlert id="signup-alert" problem={problem} invalid={order.flatMap((field) => errors[field] ?? [])}>
              {problem?.code === 'email_taken' && (
                <p>
                  <Link href={requested === null ? '/login' : `/login?next=${encodeURIComponent(requested)}`}>{t('signup.loginLink')}</Link>
                </p>
              )}
            </ProblemAlert>
            <TextField
              id={idOf('email')}
              label={t('fields.email')}
              hint={t('fields.emailHint')}
              type="email"
              autoComplete="email"
              inputMode="email"
              spellCheck={false}
              value={email}
              onValueChange={setEmail}
              error={errors.email ?? null}
            />
            <PasswordField
              id={idOf('password')}
              label={t('fields.password')}
              hint={t('fields.passwordRule', { min: minPasswordLength })}
              autoComplete="new-password"
              minLength={minPasswordLength}
              maxLength={200}
              value={password}
              onValueChange={setPassword}
              error={errors.password ?? null}
            />
            <TextField
              id={idOf('displayName')}
              label={t('fields.displayName')}
              hint={t('fields.displayNameHint')}
              autoComplete="nickname"
              maxLength={60}
              value={displayName}
              onValueChange={setDisplayName}
              error={errors.displayName ?? null}
            />
            <fieldset className="field choice-group" id="signup-kind">
              <legend className="field__label">
                {t('fields.kind')}
                <span className="field__required">{t('common.required')}</span>
              </legend>
              {accountKinds.map((option) => (
                <div key={option} className="choice">
                  <input
                    id={`signup-kind-${option}`}
                    type="radio"
                    name="kind"
                    value={option}
                    checked={kind === option}
                    onChange={() => setKind(option)}
                    aria-describedby={`signup-kind-${option}-hint`}
                  />
                  <label htmlFor={`signup-kind-${option}`} className="choice__label">
                    {t(`common.kind.${option}`)}
                  </label>
                  <span id={`signup-kind-${option}-hint`} className="choice__hint">
                    {t(`fields.kindHint.${option}`)}
                  </span>
                </div>
              ))}
            </fieldset>
            <p className="form__note">{t('signup.verifyLater')}</p>
            <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
              {pending ? t('signup.submitting') : t('signup.submit')}
            </button>
          </form>
        </div>
        <p className="auth__switch">
          {t('signup.haveAccount')}{' '}
          <Link href={requested === null ? '/login' : `/login?next=${encodeURIComponent(requested)}`}>{t('signup.loginLink')}</Link>
        </p>
      </section>
    </div>
  );
}
