/// <reference types="vitest/config" />
// Builds the UI into src/jovi/server/static/jovi (committed, so installing jovi needs
// no Node.js). File names carry no hashes and the output no timestamps: the same
// sources always give the same bytes, which tests/webui/test_bundle.py checks.
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const committed = fileURLToPath(new URL("../src/jovi/server/static/jovi", import.meta.url));

/** KaTeX's stylesheet names each font three times (woff2, woff, ttf); every browser
 * the UI supports reads woff2, so the other two are dropped from the bundle. */
function katexWoff2Only(): Plugin {
  return {
    name: "jovi-katex-woff2-only",
    enforce: "pre",
    transform(code, id) {
      if (!/katex(\.min)?\.css$/.test(id)) return null;
      return code.replace(/,\s*url\([^)]*\.woff\) format\("woff"\)/g, "")
        .replace(/,\s*url\([^)]*\.ttf\) format\("truetype"\)/g, "");
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [katexWoff2Only()],
  build: {
    outDir: process.env.JOVI_WEBUI_OUT ?? committed,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      input: { main: fileURLToPath(new URL("src/main.ts", import.meta.url)) },
      output: {
        entryFileNames: "[name].js",
        // A page's chunk is named after its folder (notebook.js, tree.js, edit.js).
        chunkFileNames: (chunk) => {
          const page = /\/src\/(\w+)\/page\.ts$/.exec(chunk.facadeModuleId ?? "");
          return page ? `${page[1]}.js` : "[name].js";
        },
        assetFileNames: "[name][extname]",
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
