// Jest 30 + Babel 8 run in ESM mode: `npm test` sets NODE_OPTIONS=--experimental-vm-modules.
/** @type {import("jest").Config} */
export default {
  testEnvironment: "node",
  transform: {
    "^.+\\.ts$": "babel-jest",
  },
  extensionsToTreatAsEsm: [".ts"],
  moduleFileExtensions: ["ts", "js", "mjs", "cjs", "json"],
  // TS sources import siblings as "./x.js" (NodeNext style); map them to the .ts file.
  moduleNameMapper: {
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  testMatch: [
    "<rootDir>/packages/*/src/**/*.test.ts",
    "<rootDir>/packages/*/test/**/*.test.ts",
    "<rootDir>/fixtures/**/*.test.ts",
    "<rootDir>/scripts/**/*.test.ts",
  ],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/packages/[^/]+/lib/"],
  // Scratch copies (tmp/) must not confuse Jest's module map.
  modulePathIgnorePatterns: ["<rootDir>/tmp/"],
};
