import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { problemMessage } from '../../components/form/ProblemAlert';
import { useDisasterT, type DisasterKey } from './i18n';
import { ja } from './messages';

/** A problem from the disaster API in plain words: our own for the codes we know, else the app's general message and the server's detail. */
export function DisasterProblem({ problem, id }: { problem: Problem | null; id?: string }) {
  const { t } = useDisasterT();
  const { t: appT } = useTranslation();
  const known = problem !== null && Object.hasOwn(ja.problems, problem.code);
  return (
    <div role="alert" className="alert-region" id={id}>
      {problem !== null && (
        <div className="alert alert--error" data-problem={problem.code}>
          <p className="alert__title">{known ? t(`problems.${problem.code}` as DisasterKey) : problemMessage(problem, appT)}</p>
          {!known && problem.detail !== null && problem.detail !== '' && <p className="alert__detail">{problem.detail}</p>}
        </div>
      )}
    </div>
  );
}
