/** Pure: would making `parentId` the parent of `partnerId` create a loop? */
export function createsHierarchyCycle(
  partnerId: string,
  parentId: string | null,
  parentOf: (id: string) => string | null | undefined,
): boolean {
  const seen = new Set<string>();
  let current: string | null | undefined = parentId;
  while (current) {
    if (current === partnerId || seen.has(current)) return true;
    seen.add(current);
    current = parentOf(current);
  }
  return false;
}
