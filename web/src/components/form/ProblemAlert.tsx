import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { ja } from '../../i18n/ja';

type KnownCode = Exclude<keyof typeof ja.problems, 'other'>;

function isKnownCode(code: string): code is KnownCode {
  return code !== 'other' && Object.hasOwn(ja.problems, code);
}

/**
 * What to tell a person about a problem: our own words for codes we know (the server's
 * titles are English), otherwise the server's title with its status.
 */
export function problemMessage(problem: Problem, t: TFunction): string {
  if (isKnownCode(problem.code)) return t(`problems.${problem.code}`);
  return t('problems.other', { status: problem.status, title: problem.title });
}

type ProblemAlertProps = {
  id?: string;
  /** A problem from the server, or null when there is nothing to say. */
  problem: Problem | null;
  /** Messages from checking the form before sending; shown when there is no problem. */
  invalid?: readonly string[];
  /** Extra sentences or links shown under the message. */
  children?: ReactNode;
  /** A service's own words for its problems; `problemMessage` when not given. */
  message?: (problem: Problem) => string;
};

/**
 * A live region that is always in the page, so that a problem put into it is announced
 * at once (role="alert"). Shows the server's `detail` under our message when it has one.
 */
export function ProblemAlert({ id, problem, invalid = [], children, message }: ProblemAlertProps) {
  const { t } = useTranslation();
  return (
    <div id={id} role="alert" className="alert-region">
      {problem === null && invalid.length > 0 && (
        <div className="alert alert--error" data-problem="invalid_input">
          <p className="alert__title">{t('common.checkInput')}</p>
          <ul className="alert__list">
            {invalid.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {problem !== null && (
        <div className="alert alert--error" data-problem={problem.code}>
          <p className="alert__title">{message ? message(problem) : problemMessage(problem, t)}</p>
          {problem.detail !== null && problem.detail !== '' && <p className="alert__detail">{problem.detail}</p>}
          {children}
        </div>
      )}
    </div>
  );
}
