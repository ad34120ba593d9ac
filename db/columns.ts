/**
 * A tiny runtime description of each column, from which the Kysely types are derived.
 * One runtime value per column lets a test hold `db/schema.ts` against what the
 * migrations really created (names, SQL type, nullability, defaults).
 */
import type { ColumnType, Generated } from "kysely";

export type SqlType = "TEXT" | "INTEGER" | "REAL" | "BLOB";

export interface Column<T, Nullable extends boolean, HasDefault extends boolean> {
  readonly sqlType: SqlType;
  readonly isNullable: Nullable;
  readonly hasDefault: HasDefault;
  /** Phantom: carries the TypeScript type, never set at runtime. */
  readonly __type?: T;
  nullable(): Column<T, true, HasDefault>;
  withDefault(): Column<T, Nullable, true>;
}

function column<T, N extends boolean, D extends boolean>(
  sqlType: SqlType,
  isNullable: N,
  hasDefault: D,
): Column<T, N, D> {
  return {
    sqlType,
    isNullable,
    hasDefault,
    nullable: () => column<T, true, D>(sqlType, true, hasDefault),
    withDefault: () => column<T, N, true>(sqlType, isNullable, true),
  };
}

export const text = <T extends string = string>() => column<T, false, false>("TEXT", false, false);
export const integer = <T extends number = number>() => column<T, false, false>("INTEGER", false, false);
export const real = () => column<number, false, false>("REAL", false, false);
export const blob = () => column<ArrayBuffer | Uint8Array, false, false>("BLOB", false, false);
/** SQLite has no boolean: 0 or 1 in an INTEGER column. */
export const flag = () => integer<0 | 1>();

export type AnyColumn = Column<unknown, boolean, boolean>;

type ValueOf<C> = C extends Column<infer T, infer N, boolean> ? (N extends true ? T | null : T) : never;

/** Columns with a SQL default may be omitted on insert (Kysely's Generated). */
export type KyselyColumn<C> =
  C extends Column<unknown, boolean, infer D>
    ? D extends true
      ? Generated<ValueOf<C>>
      : ColumnType<ValueOf<C>, ValueOf<C>, ValueOf<C>>
    : never;

export type KyselyTable<T> = { -readonly [K in keyof T]: KyselyColumn<T[K]> };
