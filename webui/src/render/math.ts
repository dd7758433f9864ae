// Typesetting the ``.jovi-math`` elements left by the Markdown renderer, with KaTeX,
// loaded the first time a page has math. Macros defined with \newcommand stay
// defined for the rest of the page, as in the classic notebook.

type Katex = typeof import("katex").default;

let loading: Promise<Katex> | null = null;
const macros: Record<string, string> = {};

function katex(): Promise<Katex> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(([module]) => module.default);
  return loading;
}

/** Typeset every math element under ``root`` not typeset yet. */
export async function typesetMath(root: ParentNode): Promise<void> {
  const pending = Array.from(root.querySelectorAll<HTMLElement>(".jovi-math:not([data-typeset])"));
  if (!pending.length) return;
  const tex = await katex();
  for (const element of pending) {
    const source = element.textContent ?? "";
    element.dataset.typeset = "1";
    element.title = source;
    try {
      tex.render(source, element, {
        displayMode: element.dataset.display === "true",
        throwOnError: false,
        globalGroup: true,
        macros,
        trust: false,
        strict: "ignore",
      });
    } catch (error) {
      element.textContent = source;
      element.classList.add("jovi-math-error");
      element.title = String(error);
    }
  }
}
