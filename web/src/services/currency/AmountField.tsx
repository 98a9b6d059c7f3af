import { TextField, type TextFieldProps } from '../../components/form/Field';
import { useCurrencyText } from './text';

/**
 * An amount of yen (or つなポン), as every money form asks for it: the numeric keyboard, no
 * autofill, and 「金額（円）」 unless the form names it otherwise. `checkAmount` reads it.
 */
export function AmountField({ label, ...field }: Omit<TextFieldProps, 'label' | 'inputMode' | 'autoComplete'> & { label?: string }) {
  const { m } = useCurrencyText();
  return <TextField {...field} label={label ?? m.amount.label} inputMode="numeric" autoComplete="off" />;
}
