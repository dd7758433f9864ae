import { describe, expect, it } from "vitest";
import { resolveTheme, storedTheme, THEME_KEY } from "./theme";

const storage = (value: string | null) => ({ getItem: (key: string) => (key === THEME_KEY ? value : null) });

describe("themes", () => {
  it("follow the system unless one is chosen", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("read the stored choice, and anything else as the system's", () => {
    expect(storedTheme(storage("dark"))).toBe("dark");
    expect(storedTheme(storage(null))).toBe("system");
    expect(storedTheme(storage("purple"))).toBe("system");
  });
});
