// One output's MIME bundle to DOM: which type to show, and how. Outputs of an
// untrusted notebook never run scripts: HTML is sanitised, SVG shown as an image,
// JavaScript not run.
import { ansiToHtml, escapeHtml } from "./ansi";
import { renderLatex, renderMarkdown } from "./markdown";
import { typesetMath } from "./math";
import { sanitizeHtml } from "./sanitize";

export type MimeBundle = Record<string, unknown>;

export const WIDGET_MIME = "application/vnd.jupyter.widget-view+json";

/** Draws a widget view into ``host``; false when the page has no such widget model. */
export type WidgetRenderer = (data: { model_id?: string }, host: HTMLElement) => boolean;
/** Draws a widget, once its model is known, in place of the text shown meanwhile. */
type WidgetUpgrade = (data: { model_id?: string }, shown: HTMLElement) => void;

let widgetRenderer: WidgetRenderer | null = null;
let widgetUpgrade: WidgetUpgrade | null = null;
/** Widgets shown as text before the page had a kernel (its outputs are drawn first). */
const shownBeforeKernel: [{ model_id?: string }, HTMLElement][] = [];

/** Set by the notebook page, whose kernel owns the widget models: ``renderer`` draws
 * a widget whose model is known; ``upgrade`` is told of one shown as text because its
 * model is not known yet (it may come: the page asks the kernel for its widgets). */
export function setWidgetRenderer(renderer: WidgetRenderer | null, upgrade: WidgetUpgrade | null = null): void {
  widgetRenderer = renderer;
  widgetUpgrade = upgrade;
  if (upgrade) for (const [data, shown] of shownBeforeKernel.splice(0)) upgrade(data, shown);
}

/** The classic notebook's order of preference. */
export const MIME_ORDER = [
  WIDGET_MIME,
  "application/vnd.jovi.spill+json",
  "application/javascript",
  "text/html",
  "text/markdown",
  "text/latex",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "application/json",
  "text/plain",
] as const;

const IMAGES = new Set(["image/png", "image/jpeg", "image/gif"]);

export function chooseMime(bundle: MimeBundle, trusted: boolean): string | null {
  for (const mime of MIME_ORDER) {
    if (!(mime in bundle)) continue;
    if (mime === "application/javascript" && !trusted) continue;
    return mime;
  }
  return null;
}

/** Multi-line strings in notebooks may be lists of lines. */
export function joinText(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

interface ImageMetadata {
  width?: number;
  height?: number;
  unconfined?: boolean;
}

function imageMetadata(metadata: Record<string, unknown>, mime: string): ImageMetadata {
  const own = metadata[mime];
  const source = (own && typeof own === "object" ? own : metadata) as Record<string, unknown>;
  const result: ImageMetadata = {};
  if (typeof source.width === "number") result.width = source.width;
  if (typeof source.height === "number") result.height = source.height;
  if (source.unconfined === true) result.unconfined = true;
  return result;
}

function image(src: string, meta: ImageMetadata, alt: string): HTMLElement {
  const img = document.createElement("img");
  img.src = src;
  img.alt = alt;
  if (meta.width !== undefined) img.width = meta.width;
  if (meta.height !== undefined) img.height = meta.height;
  if (meta.unconfined) img.classList.add("jovi-unconfined");
  return img;
}

/** Run the scripts of trusted HTML (innerHTML never runs them). */
function runScripts(host: HTMLElement): void {
  for (const old of Array.from(host.querySelectorAll("script"))) {
    const script = document.createElement("script");
    for (const attr of Array.from(old.attributes)) script.setAttribute(attr.name, attr.value);
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

/** The element showing ``data[mime]``. */
export function renderMime(mime: string, bundle: MimeBundle, metadata: Record<string, unknown>, trusted: boolean): HTMLElement {
  const value = bundle[mime];
  const host = document.createElement("div");
  host.className = `jovi-output-data jovi-mime-${mime.replace(/[^a-z0-9]+/gi, "-")}`;
  if (mime === WIDGET_MIME) {
    if (widgetRenderer?.(value as { model_id?: string }, host)) return host;
    // A widget whose model is not here (a saved notebook, or not restored yet): its text.
    const fallback = bundle["text/plain"] ?? "";
    const shown = renderMime("text/plain", { "text/plain": fallback }, metadata, trusted);
    if (widgetUpgrade) widgetUpgrade(value as { model_id?: string }, shown);
    else shownBeforeKernel.push([value as { model_id?: string }, shown]);
    return shown;
  }
  const text = joinText(value);
  switch (mime) {
    case "text/plain": {
      const pre = document.createElement("pre");
      pre.innerHTML = ansiToHtml(text);
      host.append(pre);
      break;
    }
    case "text/html":
      if (trusted) {
        host.innerHTML = text;
        runScripts(host);
      } else {
        host.innerHTML = sanitizeHtml(text);
      }
      void typesetMath(host);
      break;
    case "text/markdown":
      host.classList.add("jovi-markdown");
      host.innerHTML = renderMarkdown(text);
      void typesetMath(host);
      break;
    case "text/latex":
      host.innerHTML = renderLatex(text);
      void typesetMath(host);
      break;
    case "image/svg+xml":
      if (trusted) host.innerHTML = sanitizeSvgForTrusted(text);
      else host.append(image(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`, imageMetadata(metadata, mime), "SVG image"));
      break;
    case "application/json": {
      const pre = document.createElement("pre");
      pre.textContent = JSON.stringify(value, null, 2);
      host.append(pre);
      break;
    }
    case "application/javascript": {
      // trusted only (chooseMime): run with `element` bound to the output's area
      try {
        new Function("element", text)(host);
      } catch (error) {
        host.innerHTML = `<pre class="jovi-js-error">${escapeHtml(String(error))}</pre>`;
      }
      break;
    }
    case "application/vnd.jovi.spill+json": {
      const spill = value as { url?: string; lines?: number; bytes?: number };
      const note = document.createElement("p");
      note.className = "jovi-spill";
      note.textContent = joinText(bundle["text/plain"] ?? "Output was held back by the server.");
      if (spill.url) {
        const link = document.createElement("a");
        link.href = spill.url;
        link.target = "_blank";
        link.textContent = " Show all of it";
        note.append(link);
      }
      host.append(note);
      break;
    }
    default:
      if (IMAGES.has(mime)) {
        host.append(image(`data:${mime};base64,${text.replace(/\s+/g, "")}`, imageMetadata(metadata, mime), "output image"));
      } else {
        const pre = document.createElement("pre");
        pre.textContent = text;
        host.append(pre);
      }
  }
  return host;
}

/** Trusted SVG is shown inline (text selectable, CSS applies); scripts still go. */
function sanitizeSvgForTrusted(svg: string): string {
  return svg.replace(/<script[\s\S]*?<\/script>/gi, "");
}
