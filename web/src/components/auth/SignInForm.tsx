import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { PasswordField, TextField } from '../form/Field';
import { ProblemAlert } from '../form/ProblemAlert';
import { focusFirstError, looksLikeEmail, type FieldErrors } from '../form/validation';

type Field = 'email' | 'password';
const order: readonly Field[] = ['email', 'password'];

type SignInFormProps = {
  /** Prefix for element ids, e.g. `login` gives `#login-email`. */
  idPrefix: string;
  /** Sends the credentials; resolves to a problem to show, or null once it has moved on. */
  onSubmit: (credentials: { email: string; password: string }) => Promise<Problem | null>;
};

/** E-mail and password, used by /login and by the OpenID sign-in step. */
export function SignInForm({ idPrefix, onSubmit }: SignInFormProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const idOf = (field: Field) => `${idPrefix}-${field}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found: FieldErrors<Field> = {};
    if (email.trim() === '') found.email = t('validation.required', { field: t('fields.email') });
    else if (!looksLikeEmail(email)) found.email = t('validation.email');
    if (password === '') found.password = t('validation.required', { field: t('fields.password') });
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      focusFirstError(order, found, idOf);
      return;
    }
    setPending(true);
    const result = await onSubmit({ email: email.trim(), password });
    setPending(false);
    setProblem(result);
  }

  return (
    <form className="form" id={`${idPrefix}-form`} noValidate onSubmit={(event) => void submit(event)}>
      <ProblemAlert id={`${idPrefix}-alert`} problem={problem} invalid={order.flatMap((field) => errors[field] ?? [])} />
      <TextField
        id={idOf('email')}
        label={t('fields.email')}
        type="email"
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        value={email}
        onValueChange={setEmail}
        error={errors.email ?? null}
      />
      <PasswordField
        id={idOf('password')}
        label={t('fields.password')}
        autoComplete="current-password"
        value={password}
        onValueChange={setPassword}
        error={errors.password ?? null}
      />
      <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
        {pending ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
