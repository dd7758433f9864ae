import { describe, expect, it } from "vitest";
import { chooseMime, renderMime, setWidgetRenderer } from "./mime";

describe("chooseMime", () => {
  it("prefers rich types as the classic notebook does", () => {
    expect(chooseMime({ "text/plain": "x", "text/html": "<b>x</b>" }, false)).toBe("text/html");
    expect(chooseMime({ "text/plain": "x", "image/png": "AAAA" }, false)).toBe("image/png");
    expect(chooseMime({ "text/plain": "x", "text/latex": "$x$" }, false)).toBe("text/latex");
  });

  it("never picks JavaScript for an untrusted output", () => {
    const bundle = { "application/javascript": "1", "text/plain": "x" };
    expect(chooseMime(bundle, false)).toBe("text/plain");
    expect(chooseMime(bundle, true)).toBe("application/javascript");
  });
});

describe("renderMime", () => {
  it("sanitises untrusted HTML and keeps trusted HTML as it is", () => {
    const html = '<b onclick="evil()">x</b><script>evil()</script>';
    const untrusted = renderMime("text/html", { "text/html": html }, {}, false);
    expect(untrusted.innerHTML).toBe("<b>x</b>");
    const trusted = renderMime("text/html", { "text/html": html }, {}, true);
    expect(trusted.querySelector("b")?.getAttribute("onclick")).toBe("evil()");
  });

  it("shows images with their width and height metadata", () => {
    const element = renderMime("image/png", { "image/png": "iVBO\nRw==" }, { "image/png": { width: 40, height: 30 } }, false);
    const img = element.querySelector("img")!;
    expect(img.src).toBe("data:image/png;base64,iVBORw==");
    expect([img.width, img.height]).toEqual([40, 30]);
    const unconfined = renderMime("image/jpeg", { "image/jpeg": "AA" }, { unconfined: true }, false);
    expect(unconfined.querySelector("img")!.classList.contains("jovi-unconfined")).toBe(true);
  });

  it("shows untrusted SVG as an image, so its scripts never run", () => {
    const element = renderMime("image/svg+xml", { "image/svg+xml": "<svg><script>evil()</script></svg>" }, {}, false);
    expect(element.querySelector("script")).toBeNull();
    expect(element.querySelector("img")!.src.startsWith("data:image/svg+xml")).toBe(true);
  });

  it("shows text/plain with its colours and JSON indented", () => {
    expect(renderMime("text/plain", { "text/plain": ["\x1b[31mred", "\x1b[0m"] }, {}, false).innerHTML).toBe('<pre><span class="ansi-red-fg">red</span></pre>');
    expect(renderMime("application/json", { "application/json": { a: 1 } }, {}, false).textContent).toBe('{\n  "a": 1\n}');
  });

  it("runs trusted JavaScript with the output's element", () => {
    const element = renderMime("application/javascript", { "application/javascript": "element.textContent = 'ran'" }, {}, true);
    expect(element.textContent).toBe("ran");
  });
});

describe("widget outputs", () => {
  const WIDGET = "application/vnd.jupyter.widget-view+json";

  it("shows a widget as text until its model is known, then lets the page draw it", () => {
    setWidgetRenderer(null);
    const bundle = { [WIDGET]: { model_id: "m1" }, "text/plain": "IntSlider(value=3)" };
    const shown = renderMime(WIDGET, bundle, {}, true);
    expect(shown.textContent).toBe("IntSlider(value=3)");
    const upgraded: [string | undefined, HTMLElement][] = [];
    // The page gets its kernel after drawing the saved outputs: those are upgraded too.
    setWidgetRenderer(
      () => false,
      (data, element) => upgraded.push([data.model_id, element]),
    );
    expect(upgraded).toEqual([["m1", shown]]);
    const later = renderMime(WIDGET, { [WIDGET]: { model_id: "m2" }, "text/plain": "x" }, {}, true);
    expect(upgraded.at(-1)).toEqual(["m2", later]);
    setWidgetRenderer(null);
  });
});
