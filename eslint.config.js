// ESLint flat config: TypeScript sources, tests, tasks and scripts.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Layers of src/: each one's public API is its index.ts (docs/decisions/0541). Outside a layer, an import of any other
 * file of it is refused: `src/protocol/eip712.js` must be `src/protocol/index.js`. Tests are exempt, because unit tests
 * test a layer's internals; test helpers and everything else (tasks, scripts, bench, indexer, deploy) are not.
 */
const LAYERS = ["attribution", "oracle", "orbit", "protocol", "rewards", "sdk", "storage"];
/**
 * Layers with more public entries: the oracle's content formats (builders and validators of what dApps publish, no
 * I/O) are what the SDK re-exports without loading the node, its chain reader and its file system state; the Orbit
 * layer's @arbitrum/sdk module and deployment record are what the SDK's bridge subpath loads without the Orbit stack's
 * artifacts.
 */
const ENTRIES = { oracle: ["index", "formats"], orbit: ["index", "arbitrum-sdk", "network"] };

/** The rule for files outside every layer in `except`; `prefix` is "" inside src/ ("../protocol/...") else "src/". */
function layerImports(prefix, except) {
  return {
    "no-restricted-imports": [
      "error",
      {
        patterns: LAYERS.filter((layer) => layer !== except).map((layer) => ({
          regex: `^(\\.\\.?/)+${prefix}${layer}/(?!(${(ENTRIES[layer] ?? ["index"]).join("|")})\\.js$)`,
          message: `import src/${layer} through its public API, src/${layer}/index.ts (docs/decisions/0541)`,
        })),
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "typechain-types/",
      "coverage/",
      "ignition/deployments/",
      "reports/",
      "build/",
      "examples/integrator/node_modules/",
      "examples/integrator/build/",
      "indexer/generated/",
      "indexer/.ponder/",
      "indexer/ponder-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (examples run outside this repository).
    files: ["**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URL: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        AbortController: "readonly",
        fetch: "readonly",
        structuredClone: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  ...LAYERS.map((layer) => ({ files: [`src/${layer}/**/*.ts`], rules: layerImports("", layer) })),
  { files: ["**/*.ts"], ignores: ["src/**", "test/**"], rules: layerImports("src/", undefined) },
);
