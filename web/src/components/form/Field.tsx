import { useId, useState, type InputHTMLAttributes, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'required'>;

export type TextFieldProps = InputProps & {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  hint?: string;
  error?: string | null;
  required?: boolean;
  inputRef?: Ref<HTMLInputElement>;
};

/**
 * A labelled input with its hint and error tied to it by `aria-describedby`, so a screen
 * reader reads the rule and the problem together with the label.
 */
export function TextField({ id, label, value, onValueChange, hint, error, required = true, inputRef, ...input }: TextFieldProps) {
  const { t } = useTranslation();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint !== undefined ? hintId : null, error ? errorId : null].filter((part) => part !== null).join(' ');
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {required && <span className="field__required">{t('common.required')}</span>}
      </label>
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <input
        {...input}
        ref={inputRef}
        id={id}
        name={input.name ?? id}
        className={input.className === undefined ? 'field__input' : `field__input ${input.className}`}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A password field with a "show password" checkbox (easier to get right on a phone). */
export function PasswordField(props: Omit<TextFieldProps, 'type'>) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const toggleId = useId();
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} spellCheck={false} autoCapitalize="off" />
      <div className="checkbox">
        <input id={toggleId} type="checkbox" checked={visible} onChange={(event) => setVisible(event.target.checked)} />
        <label htmlFor={toggleId}>{t('common.showPassword')}</label>
      </div>
    </div>
  );
}
