export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

/** A plain-text table: a header, a rule, one padded line per row; the last column is not padded. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        if (i === values.length - 1 && columns[i]?.align !== 'right') return v;
        return columns[i]?.align === 'right' ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
