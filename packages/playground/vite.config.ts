/**
 * The playground's build: one static page (dist/index.html and its assets) that works from any
 * static host and from file://, loading nothing from the network.
 *
 * - `base: "./"`: every URL in the page is relative.
 * - One classic script (IIFE), not an ES module: browsers refuse module scripts from file://.
 *   Graphviz's WebAssembly comes inside @viz-js/viz's JavaScript, so nothing is fetched.
 * - The browser bundle must not pull in anything Node-only: an import of a Node built-in or of
 *   the plugin's cli/ fails the build (the plugin's browser entry keeps them out; this checks it).
 *   One exception: @babel/core names `node:path` for file names, and gets a POSIX stand-in
 *   (src/shims/node-path.ts).
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const pathShim = fileURLToPath(new URL("./src/shims/node-path.ts", import.meta.url));

/** `node:path` from @babel/core: the POSIX stand-in (the build's guard below; the dev server's dependency pre-bundling). */
function babelCorePath(source: string, importer: string | undefined): string | null {
  return source === "node:path" && importer !== undefined && /[\\/]@babel[\\/]core[\\/]/.test(importer) ? pathShim : null;
}

function nodeOnlyGuard(): Plugin {
  return {
    name: "stepwise-node-only-guard",
    enforce: "pre",
    resolveId(source, importer) {
      const shim = babelCorePath(source, importer);
      if (shim !== null) return shim;
      // Our own code (the plugin, the runtime, the page) may name no Node built-in at all; other
      // packages' browser fields map theirs away, and whatever Vite still has to stub fails the
      // build below (onLog).
      const ours = importer !== undefined && !/[\\/]node_modules[\\/]/.test(importer);
      const builtin = source.startsWith("node:") || ["fs", "path", "child_process", "module", "url", "zlib", "os", "vm", "util"].includes(source);
      if ((ours && builtin) || /[\\/](cli)[\\/]/.test(source) || source === "ts-morph") {
        throw new Error(`playground: ${importer ?? "?"} imports ${source}, which is Node-only and must stay out of the browser bundle`);
      }
      return null;
    },
    load(id) {
      if (/[\\/]babel-plugin[\\/]lib[\\/]cli[\\/]|[\\/]transform[\\/](lib|src)[\\/]cli[\\/]/.test(id)) {
        throw new Error(`playground: ${id} (the CLI) reached the browser bundle`);
      }
      return null;
    },
  };
}

/** Makes the built index.html load its script as a classic script, without CORS attributes (file://). */
function classicScript(): Plugin {
  return {
    name: "stepwise-classic-script",
    enforce: "post",
    apply: "build",
    transformIndexHtml(html) {
      return html
        .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/g, '<script defer src="$1"></script>')
        .replace(/<link rel="modulepreload"[^>]*>/g, "")
        .replace(/ crossorigin(?=[ >])/g, "");
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [nodeOnlyGuard(), classicScript()],
  define: {
    // Babel reads process.env in a few places; in the page there is none.
    "process.env": "{}",
    // @viz-js/viz asks where its script is (for files it never fetches: its WebAssembly is inline).
    "import.meta.url": "undefined",
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: { format: "iife" },
      onLog(level, log, handler) {
        if (/externalized for browser compatibility/.test(log.message)) throw new Error(`playground: ${log.message}`);
        handler(level, log);
      },
    },
  },
  optimizeDeps: {
    // `npm run playground` (the dev server) pre-bundles @babel/core apart from the plugins above.
    rolldownOptions: { plugins: [{ name: "stepwise-babel-core-path", resolveId: (source: string, importer?: string) => babelCorePath(source, importer) }] },
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
