import { describe, expect, it } from "vitest";
import { Announcer, KEPT, LONGEST, shorten } from "./announcer";

describe("Announcer", () => {
  it("keeps the latest announcements on one line each", () => {
    const announcer = new Announcer();
    for (let i = 0; i < KEPT + 5; i++) announcer.say(`line\n${i}`);
    expect(announcer.element.childElementCount).toBe(KEPT);
    expect(announcer.last).toBe(`line ${KEPT + 4}`);
    expect(announcer.element.getAttribute("role")).toBe("log");
  });

  it("cuts long text", () => {
    expect(shorten("x".repeat(LONGEST * 2))).toHaveLength(LONGEST);
    expect(shorten("  a \t b  ")).toBe("a b");
  });
});
