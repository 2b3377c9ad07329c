// Lists and facts: a list's loading states, a responsive table, a term and its value, and filters kept
// in the address.
import type { Key, ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorBox, Loading } from '../app/ui.tsx';
import type { Loaded } from '../app/useApi.ts';
import './ui.css';

/** One term and its value in a `dl.facts` or `dl.count-list`. */
export function Fact({
  term,
  children,
  className,
  testId,
}: {
  term: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The address's search parameters and a change of some of them (a value of null or '' removes one). */
export function useSearchUpdate() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return [params, update] as const;
}

/** A list's loading states: the error with a retry, the spinner, the empty line, then the list itself. */
export function ListResource<T>({
  loaded,
  isEmpty,
  empty,
  children,
}: {
  loaded: Loaded<T>;
  isEmpty(data: T): boolean;
  empty: ReactNode;
  children(data: T): ReactNode;
}) {
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  if (isEmpty(loaded.data)) return <p role="status">{empty}</p>;
  return <>{children(loaded.data)}</>;
}

export interface Column<T> {
  label: string;
  cell(row: T): ReactNode;
  className?: string;
}

/** A responsive table: each cell carries its column's label (data-label) for the narrow layout. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  rowClassName,
  testId,
}: {
  rows: readonly T[];
  columns: ReadonlyArray<Column<T>>;
  rowKey(row: T, index: number): Key;
  rowClassName?(row: T): string | undefined;
  testId?: string;
}) {
  return (
    <table className="table responsive" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, n) => (
            <th key={n} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)} className={rowClassName?.(row)}>
            {columns.map((c, n) => (
              <td key={n} data-label={c.label} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
