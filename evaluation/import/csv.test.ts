import { describe, expect, it } from "vitest";

import { parseCsv, parseCsvObjects } from "./csv.ts";

describe("parseCsv", () => {
  it("splits plain records on commas and line breaks", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("keeps the last record when the file has no final line break", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("ends records on CRLF, LF and a lone CR alike", () => {
    expect(parseCsv("a\r\nb\nc\rd")).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("reads commas, line breaks and doubled quotes inside quoted fields", () => {
    const text = 'handle,body\nshirt,"<p>Soft, warm</p>\r\nSays ""hello"""\n';
    expect(parseCsv(text)).toEqual([
      ["handle", "body"],
      ["shirt", '<p>Soft, warm</p>\r\nSays "hello"'],
    ]);
  });

  it("keeps empty fields, quoted or not, including a trailing one", () => {
    expect(parseCsv('a,,"",\n')).toEqual([["a", "", "", ""]]);
  });

  it("drops a leading byte-order mark", () => {
    expect(parseCsv("\uFEFFHandle,Title\n")).toEqual([["Handle", "Title"]]);
  });

  it("returns no records for an empty file", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\uFEFF")).toEqual([]);
  });

  it("reads another delimiter when asked", () => {
    expect(parseCsv('a;"b;c"\n', { delimiter: ";" })).toEqual([["a", "b;c"]]);
  });

  it("throws on a quote that is never closed, naming the line the field starts on", () => {
    expect(() => parseCsv('a\n"b\nc')).toThrow(/line 2: a quoted field is never closed/);
  });

  it("throws on text after a closing quote", () => {
    expect(() => parseCsv('"a"b,c\n')).toThrow(/line 1: text after a closing quote/);
  });

  it("throws on a quote inside an unquoted field", () => {
    expect(() => parseCsv('a\n12" pizza,b\n')).toThrow(/line 2: a quote inside an unquoted field/);
  });
});

describe("parseCsvObjects", () => {
  it("keys records by the trimmed header and fills missing trailing columns with empty strings", () => {
    expect(parseCsvObjects("Handle, Title ,Type\nshirt,Shirt\n\nhat,Hat,Hats\n")).toEqual([
      { Handle: "shirt", Title: "Shirt", Type: "" },
      { Handle: "hat", Title: "Hat", Type: "Hats" },
    ]);
  });

  it("throws on a record with more fields than the header", () => {
    expect(() => parseCsvObjects("a,b\n1,2,3\n")).toThrow(/record 1 has 3 fields, the header 2/);
  });

  it("throws on a header that names a column twice", () => {
    expect(() => parseCsvObjects("a,b,a\n")).toThrow(/names "a" twice/);
  });
});
