/**
 * Names for the types generated from the API's OpenAPI schema (`npm run gen:api` writes
 * `schema.d.ts`; `make lint` fails when it is stale). Features alias these instead of writing
 * request and answer shapes by hand, so a contract change breaks `tsc`.
 */
import type { components, operations } from './schema';

export type Schemas = components['schemas'];

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The query parameters an operation accepts: `QueryOf<'templates_list'>`. */
export type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;

/** The JSON body an operation takes: `BodyOf<'templates_restore_create'>`. */
export type BodyOf<O extends keyof operations> = operations[O] extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;

/** The success answer of an operation (200 or 201). */
export type AnswerOf<O extends keyof operations> = operations[O]['responses'] extends infer R
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;

/**
 * The schema types JSON fields as `unknown`; `Refine` narrows such fields to the shape the
 * serializer documents in prose, leaving every other field as generated.
 */
export type Refine<T, Narrowed extends { [K in keyof Narrowed]: K extends keyof T ? unknown : never }> = Omit<T, keyof Narrowed> &
  Narrowed;

export type ApiErrorBody = Schemas['Error'];
