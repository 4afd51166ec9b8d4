import { Prisma } from "../generated/prisma/client.ts";

/** A unique constraint refused the write: Prisma's P2002, or PostgreSQL's 23505 from a raw (system) transaction. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}
