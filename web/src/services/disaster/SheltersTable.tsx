import { useState } from 'react';
import type { Problem } from '../../api/http';
import { DataTable } from '../../components/DataTable';
import { api, type EventShelter, type Shelter } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

const ROWS = 12;

/** Open shelters with occupancy and crowding; staff edit capacity and accessibility, or close one. */
export function SheltersTable({
  eventId,
  shelters,
  eventOpen,
  onChanged,
}: {
  eventId: string;
  shelters: EventShelter[];
  eventOpen: boolean;
  onChanged: () => void;
}) {
  const { t } = useDisasterT();
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  // Where people are first, then sites with a capacity, then the rest by name.
  const sorted = [...shelters]
    .filter((s) => filter === '' || s.shelter.name.includes(filter) || s.shelter.address.includes(filter))
    .sort(
      (a, b) =>
        b.occupancy - a.occupancy ||
        Number(b.shelter.capacity !== null) - Number(a.shelter.capacity !== null) ||
        a.shelter.name.localeCompare(b.shelter.name, 'ja'),
    );
  const shown = all ? sorted : sorted.slice(0, ROWS);

  async function closeShelter(id: string, name: string) {
    if (!window.confirm(t('staff.confirmCloseShelter', { name }))) return;
    const result = await api('PUT', `/events/${eventId}/shelters/${id}`, { open: false });
    if (result.ok) onChanged();
    else setProblem(result.problem);
  }

  return (
    <section className="section disaster-shelters" aria-labelledby="shelters-title" id="shelters">
      <h2 id="shelters-title">{t('staff.sheltersHeading')}</h2>
      <p className="section__intro">{t('staff.sheltersLead', { count: shelters.length })}</p>
      <div className="field">
        <label className="field__label" htmlFor="shelters-filter">
          {t('staff.filter')}
        </label>
        <input id="shelters-filter" className="field__input" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <DisasterProblem problem={problem} />
      <DataTable
        look="disaster-table"
        id="shelters-table"
        columns={[
          { label: t('staff.shelterName') },
          { label: t('staff.occupancy') },
          { label: t('staff.capacity') },
          { label: t('staff.crowding') },
          { label: t('staff.access') },
          { label: t('staff.edit'), hidden: true },
        ]}
      >
        {shown.map((s) =>
          editing === s.shelter.id ? (
            <tr key={s.shelter.id}>
              <td colSpan={6}>
                <ShelterEdit
                  shelter={s.shelter}
                  onDone={(saved) => {
                    setEditing(null);
                    if (saved) onChanged();
                  }}
                />
              </td>
            </tr>
          ) : (
            <tr key={s.shelter.id} data-shelter-id={s.shelter.id}>
              <th scope="row">{s.shelter.name}</th>
              <td className="disaster-table__num" data-field="occupancy">
                {s.occupancy}
              </td>
              <td className="disaster-table__num">{s.shelter.capacity ?? '—'}</td>
              <td>
                <span className={`disaster-crowding disaster-crowding--${s.crowding.level}`} data-field="crowding">
                  {t(`crowding.${s.crowding.level}`)}
                </span>
              </td>
              <td>
                {[s.shelter.stepFree ? t('staff.stepFree') : null, s.shelter.welfare ? t('staff.welfare') : null].filter(Boolean).join('・') || '—'}
              </td>
              <td className="disaster-table__actions">
                <button type="button" className="button button--secondary button--small" onClick={() => setEditing(s.shelter.id)}>
                  {t('staff.edit')}
                  <span className="visually-hidden">（{s.shelter.name}）</span>
                </button>
                {eventOpen && (
                  <button
                    type="button"
                    className="button button--danger-outline button--small"
                    onClick={() => void closeShelter(s.shelter.id, s.shelter.name)}
                  >
                    {t('staff.closeShelter')}
                    <span className="visually-hidden">（{s.shelter.name}）</span>
                  </button>
                )}
              </td>
            </tr>
          ),
        )}
      </DataTable>
      {sorted.length > ROWS && (
        <p>
          <button type="button" className="button button--secondary button--small" id="shelters-all" onClick={() => setAll(!all)}>
            {all ? t('staff.showFewer') : t('staff.showAll', { count: sorted.length })}
          </button>
        </p>
      )}
    </section>
  );
}

function ShelterEdit({ shelter, onDone }: { shelter: Shelter; onDone: (saved: boolean) => void }) {
  const { t } = useDisasterT();
  const [capacity, setCapacity] = useState(shelter.capacity === null ? '' : String(shelter.capacity));
  const [stepFree, setStepFree] = useState(shelter.stepFree);
  const [welfare, setWelfare] = useState(shelter.welfare);
  const [contact, setContact] = useState(shelter.contact ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const id = shelter.id;

  async function save() {
    const body = {
      capacity: capacity.trim() === '' ? null : Number(capacity),
      stepFree,
      welfare,
      contact: contact.trim() === '' ? null : contact.trim(),
    };
    const result = await api('PATCH', `/shelters/${id}`, body);
    if (result.ok) onDone(true);
    else setProblem(result.problem);
  }

  return (
    <form
      className="form disaster-shelter-edit"
      aria-label={`${shelter.name} ${t('staff.edit')}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="disaster-shelter-edit__name">{shelter.name}</p>
      <div className="disaster-form-grid">
        <div className="field">
          <label className="field__label" htmlFor={`edit-capacity-${id}`}>
            {t('staff.capacity')}
          </label>
          <input
            id={`edit-capacity-${id}`}
            className="field__input field__input--short"
            inputMode="numeric"
            pattern="[0-9]*"
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`edit-contact-${id}`}>
            {t('staff.contact')}
          </label>
          <input id={`edit-contact-${id}`} className="field__input" value={contact} maxLength={200} onChange={(e) => setContact(e.target.value)} />
        </div>
      </div>
      <div className="checkbox">
        <input id={`edit-step-free-${id}`} type="checkbox" checked={stepFree} onChange={(e) => setStepFree(e.target.checked)} />
        <label htmlFor={`edit-step-free-${id}`}>{t('staff.stepFree')}</label>
      </div>
      <div className="checkbox">
        <input id={`edit-welfare-${id}`} type="checkbox" checked={welfare} onChange={(e) => setWelfare(e.target.checked)} />
        <label htmlFor={`edit-welfare-${id}`}>{t('staff.welfare')}</label>
      </div>
      <DisasterProblem problem={problem} />
      <div className="actions">
        <button type="submit" className="button button--primary button--small">
          {t('staff.save')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => onDone(false)}>
          {t('staff.cancel')}
        </button>
      </div>
    </form>
  );
}
