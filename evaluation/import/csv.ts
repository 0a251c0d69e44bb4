/**
 * An RFC 4180 CSV reader for the evaluation importers. A quoted field may hold the delimiter, line breaks and
 * doubled quotes; CRLF, LF and a lone CR all end a record; a leading byte-order mark is dropped. Malformed
 * quoting (text after a closing quote, a quote inside an unquoted field, a quote never closed) throws with the
 * record's line, so a damaged source file is noticed instead of silently shifting columns.
 */

export interface CsvOptions {
  /** One character; "," unless given (some re-saved files use ";"). */
  delimiter?: string;
}

export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error(
      `CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let index = start;

  const endField = () => {
    record.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };

  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      if (field !== "") throw new Error(`CSV line ${line}: a quote inside an unquoted field`);
      index += 1;
      for (;;) {
        if (index >= text.length) throw new Error(`CSV line ${recordLine}: a quoted field is never closed`);
        const quoted = text[index];
        if (quoted === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        if (quoted === "\n" || (quoted === "\r" && text[index + 1] !== "\n")) line += 1;
        field += quoted;
        index += 1;
      }
      const next = text[index];
      if (next !== undefined && next !== delimiter && next !== "\n" && next !== "\r") {
        throw new Error(`CSV line ${line}: text after a closing quote`);
      }
      if (next === undefined) break;
      continue;
    }
    if (char === delimiter) {
      endField();
    } else if (char === "\n" || char === "\r") {
      endRecord();
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
    index += 1;
  }
  // The last record has no line break after it, unless the file ends with one.
  const endsWithLineBreak = text.endsWith("\n") || text.endsWith("\r");
  if (text.length > start && !endsWithLineBreak) endRecord();
  return records;
}

/**
 * Records keyed by the header line. Blank lines are skipped; a record with more fields than the header throws,
 * one with fewer gets "" for the missing columns (spreadsheets drop trailing empty cells).
 */
export function parseCsvObjects(text: string, options: CsvOptions = {}): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, options);
  if (!header) return [];
  const names = header.map((name) => name.trim());
  const duplicate = names.find((name, column) => names.indexOf(name) !== column);
  if (duplicate !== undefined) throw new Error(`CSV header names "${duplicate}" twice`);
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ""))
    .map((row, rowIndex) => {
      if (row.length > names.length) {
        throw new Error(`CSV record ${rowIndex + 1} has ${row.length} fields, the header ${names.length}`);
      }
      return Object.fromEntries(names.map((name, column) => [name, row[column] ?? ""]));
    });
}
