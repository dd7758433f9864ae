import { afterEach, describe, expect, it } from "vitest";
import { tabAfterKey, tabFromHash, tabs } from "./tabs";

describe("the tab keys", () => {
  it("move right and left around the ends, and Home and End to them", () => {
    expect(tabAfterKey("ArrowRight", 0, 3)).toBe(1);
    expect(tabAfterKey("ArrowRight", 2, 3)).toBe(0);
    expect(tabAfterKey("ArrowLeft", 0, 3)).toBe(2);
    expect(tabAfterKey("Home", 2, 3)).toBe(0);
    expect(tabAfterKey("End", 0, 3)).toBe(2);
    expect(tabAfterKey("a", 0, 3)).toBeNull();
  });

  it("and the hash names the tab, else the first", () => {
    expect(tabFromHash("#clusters", ["files", "running", "clusters"])).toBe("clusters");
    expect(tabFromHash("", ["files", "running", "clusters"])).toBe("files");
    expect(tabFromHash("#nope", ["files", "running", "clusters"])).toBe("files");
  });
});

describe("tabs", () => {
  afterEach(() => {
    document.body.replaceChildren();
    history.replaceState(null, "", "/");
  });

  function make(): { panels: HTMLElement[]; chosen: string[]; bar: ReturnType<typeof tabs> } {
    const panels = ["files", "running", "clusters"].map(() => document.createElement("section"));
    const chosen: string[] = [];
    const bar = tabs("Browser", [
      { id: "files", label: "Files", panel: panels[0] },
      { id: "running", label: "Running", panel: panels[1] },
      { id: "clusters", label: "Clusters", panel: panels[2] },
    ], (id) => chosen.push(id));
    document.body.append(bar.element, ...panels);
    return { panels, chosen, bar };
  }

  it("show one panel, tied to its tab for assistive technology", () => {
    const { panels, bar } = make();
    const tab = bar.element.querySelectorAll<HTMLButtonElement>("[role=tab]");
    expect(Array.from(tab, (t) => t.textContent)).toEqual(["Files", "Running", "Clusters"]);
    expect(tab[0].getAttribute("aria-selected")).toBe("true");
    expect(panels.map((p) => p.hidden)).toEqual([false, true, true]);
    expect(panels[2].getAttribute("role")).toBe("tabpanel");
    expect(panels[2].getAttribute("aria-labelledby")).toBe(tab[2].id);
    expect(tab[2].getAttribute("aria-controls")).toBe(panels[2].id);
    expect(Array.from(tab, (t) => t.tabIndex)).toEqual([0, -1, -1]);
  });

  it("follow clicks and arrow keys, keep the choice in the hash, and say so", () => {
    const { panels, chosen, bar } = make();
    const tab = bar.element.querySelectorAll<HTMLButtonElement>("[role=tab]");
    tab[2].click();
    expect(panels.map((p) => p.hidden)).toEqual([true, true, false]);
    expect(window.location.hash).toBe("#clusters");
    tab[2].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(bar.selected()).toBe("files");
    expect(document.activeElement).toBe(tab[0]);
    expect(window.location.hash).toBe("");
    expect(chosen).toEqual(["files", "clusters", "files"]);
  });

  it("open the tab the hash names", () => {
    history.replaceState(null, "", "/tree#running");
    const { panels, bar } = make();
    expect(bar.selected()).toBe("running");
    expect(panels.map((p) => p.hidden)).toEqual([true, false, true]);
  });
});
