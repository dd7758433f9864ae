// The entry point: the page the server said this is, loaded on demand, so the file
// browser never loads the editor and the notebook page never loads the browser.
import { readPageConfig } from "./api/http";
import "./styles.css";
import { applyTheme, storedTheme } from "./ui/theme";

async function start(): Promise<void> {
  applyTheme(storedTheme());
  const config = readPageConfig();
  const root = document.createElement("div");
  root.className = "jovi-app";
  document.body.append(root);
  if (config.page === "tree") await (await import("./tree/page")).treePage(config, root);
  else if (config.page === "notebook") await (await import("./notebook/page")).notebookPage(config, root);
  else await (await import("./edit/page")).editPage(config, root);
  document.body.dataset.ready = "1";
}

void start();
