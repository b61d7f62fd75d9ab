import type { ReactNode } from "react";

/**
 * A data table as every list page draws it: scrolling sideways on narrow screens, one header row, the caller's
 * rows. A column given as `false` is left out, for columns only some users see.
 */
export function Table({ columns, children }: { columns: readonly (string | false)[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) =>
              column === false ? null : (
                <th key={column} scope="col">
                  {column}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
