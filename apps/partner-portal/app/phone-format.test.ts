import { describe, expect, it } from "vitest";
import { displayPhone } from "./phone-format";

describe("displayPhone", () => {
  it.each([
    ["+8613912345678", "139 1234 5678"],
    ["+862062345678", "+862062345678"],
    ["+14155552671", "+14155552671"],
    ["+86139123456789", "+86139123456789"],
  ])("%s → %s", (e164, shown) => {
    expect(displayPhone(e164)).toBe(shown);
  });
});
