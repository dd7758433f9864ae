// The bar at the top of every page: the logo (a link to the file browser), the
// page's title, room for what the page adds, and the theme menu.
import { themeSelect } from "./theme";

export function pageHeader(treeUrl: string, title: string): { element: HTMLElement; title: HTMLElement; extra: HTMLElement } {
  const element = document.createElement("header");
  element.className = "jovi-header";
  const logo = document.createElement("a");
  logo.className = "jovi-logo";
  logo.href = treeUrl;
  logo.textContent = "jovi";
  logo.title = "Files";
  const heading = document.createElement("h1");
  heading.className = "jovi-title";
  heading.textContent = title;
  const extra = document.createElement("div");
  extra.className = "jovi-header-extra";
  element.append(logo, heading, extra, themeSelect());
  return { element, title: heading, extra };
}

export function button(label: string, onClick: () => void, options: { icon?: string; title?: string } = {}): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = options.icon ?? label;
  // The accessible name is the visible label, or the tooltip when the label is an icon.
  if (options.icon) element.setAttribute("aria-label", options.title ?? label);
  element.title = options.title ?? label;
  element.addEventListener("click", onClick);
  return element;
}
