import type { ReactNode } from 'react';
import { DataTable, type DataColumn } from '../../components/DataTable';
import type { Loaded } from './hooks';
import { useCurrencyText } from './text';
import { LoadFailed } from './ui';

/**
 * A list the currency API loads (`useCurrencyGet`), shown as a table: "loading…", a failure
 * with a retry, the note that there is nothing yet, or the table with `rows(value)`.
 */
export function LoadedTable<T>({
  loaded,
  isEmpty = (value) => Array.isArray(value) && value.length === 0,
  empty,
  emptyId,
  id,
  columns,
  rows,
}: {
  loaded: Loaded<T> & { reload: () => Promise<void> };
  /** Whether there is nothing to list; by default, a list with no items. */
  isEmpty?: (value: T) => boolean;
  empty: string;
  emptyId?: string;
  id: string;
  columns: readonly DataColumn[];
  rows: (value: T) => ReactNode;
}) {
  const { m } = useCurrencyText();
  if (loaded.state === 'loading') return <p role="status">{m.loading}</p>;
  if (loaded.state === 'failed') return <LoadFailed problem={loaded.problem} onRetry={() => void loaded.reload()} />;
  if (isEmpty(loaded.value))
    return (
      <p className="empty" id={emptyId}>
        {empty}
      </p>
    );
  return (
    <DataTable look="cur-table" id={id} columns={columns}>
      {rows(loaded.value)}
    </DataTable>
  );
}
