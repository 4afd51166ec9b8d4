import { AsyncLocalStorage } from "node:async_hooks";
import type { Actor } from "../actor/actor.ts";

const storage = new AsyncLocalStorage<Actor>();

/** Run `fn` as `actor`; every scoped query inside (awaited within fn) sees it. */
export function runAsActor<T>(actor: Actor, fn: () => Promise<T>): Promise<T> {
  return storage.run(actor, fn);
}

export function currentActor(): Actor | undefined {
  return storage.getStore();
}
