import type { ReactNode } from 'react';

export type DataColumn = {
  label: string;
  /** The heading is read by screen readers only (a column of buttons). */
  hidden?: boolean;
  className?: string;
};

/**
 * A table of rows under column headings, in a wrapper that scrolls sideways on a narrow screen.
 * Each service gives its own look: `look` names the class pair (`disaster-table` and
 * `disaster-table-wrap`, `cur-table` and `cur-table-wrap`).
 */
export function DataTable({
  look,
  id,
  className,
  columns,
  children,
}: {
  look: 'disaster-table' | 'cur-table';
  id?: string;
  className?: string;
  columns: readonly DataColumn[];
  children: ReactNode;
}) {
  return (
    <div className={`${look}-wrap`}>
      <table className={className === undefined ? look : `${look} ${className}`} id={id}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.label} className={column.className}>
                {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
