import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { loadVerifier, verifyIdentity, type Me, type Verifier } from '../../api/identity';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../session';
import { TextField } from '../form/Field';
import { ProblemAlert } from '../form/ProblemAlert';
import { focusFirstError, isKatakana, isPin, toKatakana, type FieldErrors } from '../form/validation';

type Field = 'familyNameKana' | 'givenNameKana' | 'birthDate' | 'pin';
const order: readonly Field[] = ['familyNameKana', 'givenNameKana', 'birthDate', 'pin'];
const idOf = (field: Field) => `verification-${field}`;

/**
 * 本人確認: links the account to a resident through the identity verifier. When the
 * verifier is the demo stand-in for the My Number card reader, the form says so plainly.
 */
export function VerificationForm({ onVerified }: { onVerified: (me: Me) => void }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { set } = useSession();
  const [verifier, setVerifier] = useState<Verifier | null>(null);
  const [values, setValues] = useState<Record<Field, string>>({ familyNameKana: '', givenNameKana: '', birthDate: '', pin: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    void loadVerifier(controller.signal).then((result) => {
      if (!controller.signal.aborted && result.ok) setVerifier(result.value);
    });
    return () => controller.abort();
  }, []);

  const change = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function check(claim: Record<Field, string>): FieldErrors<Field> {
    const found: FieldErrors<Field> = {};
    for (const field of ['familyNameKana', 'givenNameKana'] as const) {
      const label = t(`mydata.verification.${field}`);
      if (claim[field] === '') found[field] = t('validation.required', { field: label });
      else if (!isKatakana(claim[field])) found[field] = t('validation.kana', { field: label });
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(claim.birthDate)) found.birthDate = t('validation.required', { field: t('mydata.verification.birthDate') });
    if (!isPin(claim.pin)) found.pin = t('validation.pin');
    return found;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // Hiragana typed by mistake is accepted and shown back as katakana.
    const claim = {
      ...values,
      familyNameKana: toKatakana(values.familyNameKana),
      givenNameKana: toKatakana(values.givenNameKana),
      pin: values.pin.trim(),
    };
    setValues(claim);
    const found = check(claim);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      focusFirstError(order, found, idOf);
      return;
    }
    setPending(true);
    const result = await verifyIdentity(claim);
    setPending(false);
    if (result.ok) {
      onVerified(result.value);
      return;
    }
    if (result.problem.status === 401) set(null);
    // Never keep a PIN around after a failed attempt.
    setValues((current) => ({ ...current, pin: '' }));
    setProblem(result.problem);
  }

  return (
    <div className="panel" id="verification">
      <h3 className="panel__title" id="verification-title">
        {t('mydata.verification.heading')}
        {verifier?.demo === true && <span className="badge badge--demo">{t('mydata.verification.demoBadge')}</span>}
      </h3>
      <p>{t('mydata.verification.lead')}</p>
      {verifier?.demo === true && (
        <div className="demo-notice" id="verification-demo-notice">
          <p className="demo-notice__title">{verifier.label[language]}</p>
          <p>{t('mydata.verification.demoNotice')}</p>
        </div>
      )}
      <form className="form" id="verification-form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="verification-title">
        <ProblemAlert id="verification-alert" problem={problem} invalid={order.flatMap((field) => errors[field] ?? [])} />
        <div className="form__row">
          <TextField
            id={idOf('familyNameKana')}
            label={t('mydata.verification.familyNameKana')}
            hint={t('mydata.verification.kanaHint')}
            lang="ja"
            autoComplete="off"
            value={values.familyNameKana}
            onValueChange={change('familyNameKana')}
            error={errors.familyNameKana ?? null}
          />
          <TextField
            id={idOf('givenNameKana')}
            label={t('mydata.verification.givenNameKana')}
            hint={t('mydata.verification.kanaHint')}
            lang="ja"
            autoComplete="off"
            value={values.givenNameKana}
            onValueChange={change('givenNameKana')}
            error={errors.givenNameKana ?? null}
          />
        </div>
        <TextField
          id={idOf('birthDate')}
          label={t('mydata.verification.birthDate')}
          type="date"
          autoComplete="bday"
          min="1900-01-01"
          className="field__input--date"
          max={new Date().toISOString().slice(0, 10)}
          value={values.birthDate}
          onValueChange={change('birthDate')}
          error={errors.birthDate ?? null}
        />
        <TextField
          id={idOf('pin')}
          label={t('mydata.verification.pin')}
          hint={t('mydata.verification.pinHint')}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          value={values.pin}
          onValueChange={change('pin')}
          error={errors.pin ?? null}
          className="field__input--short"
        />
        <button type="submit" id="verification-submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('mydata.verification.submitting') : t('mydata.verification.submit')}
        </button>
      </form>
    </div>
  );
}
