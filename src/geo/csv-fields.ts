/**
 * RFC 4180 fields of one CSV line: quoted fields may hold commas, `""` is a quote. Answers
 * null for a line that breaks the grammar (an unclosed quote, text after a closing quote) so
 * the caller can report it with its file and line.
 */

export function splitCsvLine(line: string, from = 0): string[] | null {
  const fields: string[] = [];
  let i = from;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const quote = line.indexOf('"', j);
        if (quote < 0) return null;
        value += line.slice(j, quote);
        if (line.charCodeAt(quote + 1) !== 34) {
          i = quote + 1;
          break;
        }
        value += '"';
        j = quote + 2;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line.charCodeAt(i) !== 44) return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) return null;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
