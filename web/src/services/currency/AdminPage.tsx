import { CampaignsAdmin, KpiSection } from './AdminCampaigns';
import { CurrencyPage } from './CurrencyPage';
import { parseRoles } from './invoice-types';
import { useInvoiceText } from './messages-invoices';
import { useCurrencyGet } from './hooks';
import { CodeAndAmountForm } from './ShopScan';
import { fill, useCurrencyText, yen } from './text';
import { parseFields } from './types';
import { LoadFailed } from './ui';
import './currency.css';

/** `/currency/admin`: the city's view — fields of use, counter charges, campaigns and KPIs. */
export function AdminPage() {
  const { m } = useCurrencyText();
  return (
    <CurrencyPage
      titleId="admin-title"
      title={m.admin.title}
      layout="wide"
      lead={m.admin.lead}
      returnTo="/currency/admin"
      nav="admin"
      before={<FieldsSection />}
    >
      <StaffSections />
      <KpiSection />
    </CurrencyPage>
  );
}

/** Counter charges for city staff; campaigns signed in for the currency's administrators (others: the operator token). */
function StaffSections() {
  const { m } = useCurrencyText();
  const t = useInvoiceText();
  const roles = useCurrencyGet('/me', parseRoles);
  if (roles.state === 'loading') return <p role="status">{m.loading}</p>;
  if (roles.state === 'failed') return <LoadFailed problem={roles.problem} onRetry={() => void roles.reload()} />;
  const staff = roles.value.cityStaff;
  return (
    <>
      {staff === null && (
        <p className="notice" id="admin-staff-only">
          {t.admin.staffOnly}
        </p>
      )}
      {staff === 'admin' && (
        <p className="notice" id="admin-signed-in-admin">
          {t.admin.signedInAdmin}
        </p>
      )}
      {staff !== null && (
        <section className="panel" id="admin-counter" aria-labelledby="admin-counter-title">
          <h2 className="panel__title" id="admin-counter-title">
            {m.admin.counterHeading}
          </h2>
          <p>{m.admin.counterLead}</p>
          <CodeAndAmountForm
            id="admin-counter"
            path="/counter/charges"
            codeLabel={m.admin.counterCode}
            submitLabel={m.admin.counterSubmit}
            submitNoAmount={m.admin.counterSubmitNoAmount}
            doneText={(moved) => fill(m.admin.counterDone, { amount: yen(moved.amount) })}
            onMoved={() => undefined}
          />
        </section>
      )}
      <CampaignsAdmin mode={staff === 'admin' ? 'city' : 'operator'} />
    </>
  );
}

function FieldsSection() {
  const { m } = useCurrencyText();
  const fields = useCurrencyGet('/fields', parseFields);
  return (
    <section className="panel" id="admin-fields" aria-labelledby="admin-fields-title">
      <h2 className="panel__title" id="admin-fields-title">
        {m.admin.fieldsHeading}
      </h2>
      <p>{m.admin.fieldsLead}</p>
      {fields.state === 'loading' && <p role="status">{m.loading}</p>}
      {fields.state === 'failed' && <LoadFailed problem={fields.problem} onRetry={() => void fields.reload()} />}
      {fields.state === 'ready' && (
        <div className="cur-table-wrap">
          <table className="cur-table" id="admin-fields-table">
            <thead>
              <tr>
                <th scope="col">{m.admin.fieldJa}</th>
                <th scope="col">{m.admin.fieldEn}</th>
                <th scope="col">{m.admin.fieldId}</th>
              </tr>
            </thead>
            <tbody>
              {fields.value.map((field) => (
                <tr key={field.id} data-field={field.id}>
                  <td>{field.ja}</td>
                  <td>{field.en}</td>
                  <td className="cur-nowrap">
                    <code>{field.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="form__note">{m.admin.operatorNote}</p>
    </section>
  );
}
