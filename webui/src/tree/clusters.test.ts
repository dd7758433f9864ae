import { describe, expect, it } from "vitest";
import type { ClusterProfile } from "../api/clusters";
import { enginesText, MAX_ENGINES, parseEngineCount, statusText } from "./clusters";

const profile = (extra: Partial<ClusterProfile>): ClusterProfile => ({
  profile: "default",
  profile_dir: "/home/u/.jovi/profile_default",
  status: "stopped",
  clusters: [],
  ...extra,
});

describe("the engine count", () => {
  it("is empty for the profile's default", () => {
    expect(parseEngineCount("")).toBeNull();
    expect(parseEngineCount("  ")).toBeNull();
  });

  it("is a whole number from 1 to the maximum", () => {
    expect(parseEngineCount("2")).toBe(2);
    expect(parseEngineCount(" 16 ")).toBe(16);
    expect(parseEngineCount(String(MAX_ENGINES))).toBe(MAX_ENGINES);
    for (const bad of ["0", "-1", "1.5", "two", "1e3", String(MAX_ENGINES + 1)]) {
      expect(parseEngineCount(bad), bad).toEqual({ error: expect.stringContaining("whole number") });
    }
  });
});

describe("a profile's row", () => {
  it("says the status, with an ellipsis while the server is at it", () => {
    expect(statusText(profile({}))).toBe("stopped");
    expect(statusText(profile({ status: "running", n: 2 }))).toBe("running");
    expect(statusText(profile({ status: "starting" }))).toBe("starting…");
    expect(statusText(profile({ status: "stopping" }))).toBe("stopping…");
  });

  it("counts the engines of the running cluster and names the others", () => {
    expect(enginesText(profile({}))).toBe("");
    const own = { cluster_id: "", pid: 10, n: 2, engines: [0, 1] };
    const named = { cluster_id: "big", pid: 11, n: 8, engines: [0, 1, 2] };
    expect(enginesText(profile({ status: "running", n: 2, clusters: [own] }))).toBe("2");
    expect(enginesText(profile({ status: "running", n: 2, clusters: [own, named] }))).toBe("2, big: 3");
    expect(enginesText(profile({ clusters: [named] }))).toBe("big: 3");
  });
});
