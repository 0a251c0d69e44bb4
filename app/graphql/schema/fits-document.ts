/**
 * Compile-time ties between an operation's hand-written types and the ones codegen derives from its document
 * and the committed schema (app/graphql/generated/, written by `npm run graphql:codegen` and by
 * `npm run typecheck`). Each operation file states two:
 *
 *   type _FitsDocument = [
 *     Fits<Variables, GeneratedVariables>,          // the document accepts what callers pass
 *     Fits<SchemaAnswer<GeneratedData>, Data>,      // every answer the schema allows passes the zod type
 *   ];
 *
 * so a zod schema that requires a field the document does not select, or treats a nullable field as always
 * there, or variables the document does not declare, fail `tsc` rather than a call to a real store.
 */

/** `Narrow`, and a type error where it is used unless every `Narrow` is a `Wide`. */
export type Fits<Narrow extends Wide, Wide> = Narrow;

/**
 * An answer as codegen types it, with the JSON scalar's `unknown` matching anything: the zod schema is where
 * such a value gets its type (a web pixel's settings are a string, for one).
 */
export type SchemaAnswer<T> = unknown extends T
  ? never
  : T extends object
    ? { [K in keyof T]: SchemaAnswer<T[K]> }
    : T;
