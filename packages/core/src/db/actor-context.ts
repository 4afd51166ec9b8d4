import { AsyncLocalStorage } from "node:async_hooks";
import type { Actor } from "../actor/actor.ts";

const storage = new AsyncLocalStorage<Actor>();

/**
 * Run `fn` as `actor`. Prisma queries are lazy thenables that execute when awaited, so the result is
 * awaited *inside* the store: `runAsActor(a, () => db.lead.findMany())` runs as `a`, not as nobody.
 */
export function runAsActor<T>(actor: Actor, fn: () => Promise<T>): Promise<T> {
  return storage.run(actor, async () => await fn());
}

export function currentActor(): Actor | undefined {
  return storage.getStore();
}
